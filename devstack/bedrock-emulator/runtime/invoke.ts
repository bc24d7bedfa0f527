// InvokeModel: the model's native JSON body in, its native JSON answer out, with the token-count
// and latency headers Bedrock adds.
import type { OperationRequest } from '../context';
import * as errors from '../errors';
import { generateWithCache } from './cached-generation';
import { nativeFormatFor } from './formats';
import { elapsedMs, parseJsonBody, prepareInvocation } from './prepare';

export function invokeModel(op: OperationRequest): void {
	const { model } = prepareInvocation(op, false);
	const body = parseJsonBody(op);
	const format = nativeFormatFor(model, body);
	if (!format)
		throw errors.validation(
			`The emulator lists ${model.modelId} but does not generate its output type; use a text or embedding model.`
		);
	const fctx = { model, requestId: op.ex.requestId };

	if (format.kind === 'embed') {
		const { response, inputTokens } = format.embed(body, fctx);
		op.ex.sendJson(200, response, {
			'x-amzn-bedrock-invocation-latency': elapsedMs(op),
			'x-amzn-bedrock-input-token-count': inputTokens
		});
		return;
	}
	const gen = generateWithCache(op, { ...format.parse(body, fctx), modelId: model.modelId });
	op.ex.sendJson(200, format.response(gen, fctx), {
		'x-amzn-bedrock-invocation-latency': elapsedMs(op),
		'x-amzn-bedrock-input-token-count': gen.inputTokens,
		'x-amzn-bedrock-output-token-count': gen.outputTokens,
		...(gen.cacheReadInputTokens || gen.cacheWriteInputTokens
			? {
					'x-amzn-bedrock-cache-read-input-token-count': gen.cacheReadInputTokens,
					'x-amzn-bedrock-cache-write-input-token-count': gen.cacheWriteInputTokens
				}
			: {})
	});
}
