// Converse: Bedrock's model-independent chat API, answered in its unified shape.
import type { OperationRequest } from '../context';
import { generate } from '../generation';
import { additionalFields, readConverseRequest } from './converse-request';
import { elapsedMs, prepareInvocation } from './prepare';

export function converse(op: OperationRequest): void {
	const { model } = prepareInvocation(op, false);
	const input = readConverseRequest(op, model);
	const gen = generate(input.generation);
	const extra = additionalFields(input.additionalFieldPaths, gen.stopSequence);
	op.ex.sendJson(200, {
		output: { message: { role: 'assistant', content: [{ text: gen.text }] } },
		stopReason: gen.stopReason,
		usage: {
			inputTokens: gen.inputTokens,
			outputTokens: gen.outputTokens,
			totalTokens: gen.inputTokens + gen.outputTokens,
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: 0
		},
		metrics: { latencyMs: elapsedMs(op) },
		...(extra ? { additionalModelResponseFields: extra } : {})
	});
}
