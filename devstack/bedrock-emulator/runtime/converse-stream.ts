// ConverseStream: messageStart, contentBlockDelta…, contentBlockStop, messageStop, metadata.
import type { OperationRequest } from '../context';
import { encodeEvent } from '../event-stream';
import { generateWithCache } from './cached-generation';
import { additionalFields, readConverseRequest } from './converse-request';
import { elapsedMs, prepareInvocation } from './prepare';
import { writeEventStream } from './stream-writer';

export async function converseStream(op: OperationRequest): Promise<void> {
	const { model } = prepareInvocation(op, true);
	const input = readConverseRequest(op, model);
	const gen = generateWithCache(op, input.generation);
	const extra = additionalFields(input.additionalFieldPaths, gen.stopSequence);
	const events: [string, (latencyMs: number) => Record<string, unknown>][] = [
		['messageStart', () => ({ role: 'assistant' })],
		...gen.pieces.map((text): [string, () => Record<string, unknown>] => [
			'contentBlockDelta',
			() => ({ contentBlockIndex: 0, delta: { text } })
		]),
		['contentBlockStop', () => ({ contentBlockIndex: 0 })],
		[
			'messageStop',
			() => ({
				stopReason: gen.stopReason,
				...(extra ? { additionalModelResponseFields: extra } : {})
			})
		],
		[
			'metadata',
			(latencyMs) => ({
				usage: {
					inputTokens: gen.inputTokens,
					outputTokens: gen.outputTokens,
					totalTokens:
						gen.inputTokens +
						gen.cacheReadInputTokens +
						gen.cacheWriteInputTokens +
						gen.outputTokens,
					// Bedrock leaves these out when the request used no cache checkpoint.
					...(input.generation.cachePrefix
						? {
								cacheReadInputTokens: gen.cacheReadInputTokens,
								cacheWriteInputTokens: gen.cacheWriteInputTokens
							}
						: {})
				},
				metrics: { latencyMs }
			})
		]
	];
	await writeEventStream(
		op,
		{ 'x-amzn-bedrock-content-type': 'application/json' },
		events.length,
		(i) => {
			const [type, payload] = events[i]!;
			return encodeEvent(type, payload(elapsedMs(op)), i);
		}
	);
}
