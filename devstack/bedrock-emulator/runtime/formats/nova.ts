// Amazon Nova understanding models' native body (`schemaVersion: messages-v1`), whose stream
// events mirror ConverseStream's members wrapped one per chunk.
import type { TextFormat, JsonObject } from './format';
import {
	flattenMessages,
	messageText,
	optionalInt,
	optionalNumber,
	requireKey,
	stringList
} from './format';

export const nova: TextFormat = {
	kind: 'text',
	parse(body) {
		const cfg = (body.inferenceConfig ?? {}) as JsonObject;
		const maxTokens = cfg.max_new_tokens ?? cfg.maxTokens;
		return {
			prompt: flattenMessages(requireKey(body, 'messages')),
			system: body.system === undefined ? undefined : messageText(body.system),
			maxTokens: optionalInt(maxTokens, 'inferenceConfig/max_new_tokens', 5000),
			stopSequences: stringList(cfg.stopSequences, 'inferenceConfig/stopSequences'),
			temperature: optionalNumber(cfg.temperature, 'inferenceConfig/temperature'),
			topP: optionalNumber(cfg.topP ?? cfg.top_p, 'inferenceConfig/topP')
		};
	},
	response(gen) {
		return {
			output: { message: { role: 'assistant', content: [{ text: gen.text }] } },
			stopReason: gen.stopReason,
			usage: {
				inputTokens: gen.inputTokens,
				outputTokens: gen.outputTokens,
				totalTokens: gen.inputTokens + gen.outputTokens,
				cacheReadInputTokenCount: 0,
				cacheWriteInputTokenCount: 0
			}
		};
	},
	streamEvents(gen) {
		const events: JsonObject[] = [{ messageStart: { role: 'assistant' } }];
		for (const text of gen.pieces)
			events.push({ contentBlockDelta: { delta: { text }, contentBlockIndex: 0 } });
		events.push({ contentBlockStop: { contentBlockIndex: 0 } });
		events.push({ messageStop: { stopReason: gen.stopReason } });
		events.push({
			metadata: {
				usage: { inputTokens: gen.inputTokens, outputTokens: gen.outputTokens },
				metrics: {},
				trace: {}
			}
		});
		return events;
	}
};
