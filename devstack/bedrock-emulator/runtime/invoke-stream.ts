// InvokeModelWithResponseStream: the model's native stream events, each base64-wrapped in a
// `chunk` frame; the last one carries `amazon-bedrock-invocationMetrics` as on AWS.
import type { OperationRequest } from '../context';
import * as errors from '../errors';
import { encodeChunk } from '../event-stream';
import { generateWithCache } from './cached-generation';
import { nativeFormatFor } from './formats';
import { elapsedMs, parseJsonBody, prepareInvocation } from './prepare';
import { writeEventStream } from './stream-writer';

export async function invokeModelWithResponseStream(op: OperationRequest): Promise<void> {
	const { model } = prepareInvocation(op, true);
	const body = parseJsonBody(op);
	const format = nativeFormatFor(model, body);
	if (!format || format.kind !== 'text') throw errors.streamingUnsupported();
	const fctx = { model, requestId: op.ex.requestId };
	const gen = generateWithCache(op, { ...format.parse(body, fctx), modelId: model.modelId });
	const events = format.streamEvents(gen, fctx);

	await writeEventStream(
		op,
		{ 'x-amzn-bedrock-content-type': 'application/json' },
		events.length,
		(i, timing) => {
			const event = events[i]!;
			if (i === events.length - 1) {
				event['amazon-bedrock-invocationMetrics'] = {
					inputTokenCount: gen.inputTokens,
					outputTokenCount: gen.outputTokens,
					...(gen.cacheReadInputTokens || gen.cacheWriteInputTokens
						? {
								cacheReadInputTokenCount: gen.cacheReadInputTokens,
								cacheWriteInputTokenCount: gen.cacheWriteInputTokens
							}
						: {}),
					invocationLatency: elapsedMs(op),
					firstByteLatency: timing.firstByteLatency
				};
			}
			return encodeChunk(event, i);
		}
	);
}
