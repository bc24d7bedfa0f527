// Converse: Bedrock's model-independent chat API, answered in its unified shape.
import type { OperationRequest } from '../context';
import { generateWithCache } from './cached-generation';
import { additionalFields, readConverseRequest } from './converse-request';
import { elapsedMs, prepareInvocation } from './prepare';

export function converse(op: OperationRequest): void {
	const { model } = prepareInvocation(op, false);
	const input = readConverseRequest(op, model);
	const gen = generateWithCache(op, input.generation);
	const extra = additionalFields(input.additionalFieldPaths, gen.stopSequence);
	op.ex.sendJson(200, {
		output: { message: { role: 'assistant', content: [{ text: gen.text }] } },
		stopReason: gen.stopReason,
		usage: {
			inputTokens: gen.inputTokens,
			outputTokens: gen.outputTokens,
			totalTokens:
				gen.inputTokens + gen.cacheReadInputTokens + gen.cacheWriteInputTokens + gen.outputTokens,
			cacheReadInputTokens: gen.cacheReadInputTokens,
			cacheWriteInputTokens: gen.cacheWriteInputTokens
		},
		metrics: { latencyMs: elapsedMs(op) },
		...(extra ? { additionalModelResponseFields: extra } : {})
	});
}
