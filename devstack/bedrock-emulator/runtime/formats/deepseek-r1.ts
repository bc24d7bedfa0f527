// DeepSeek-R1's native body on Bedrock: a raw `prompt`, `max_tokens`, `stop`; answers in `choices`.
import type { TextFormat, JsonObject } from './format';
import { expectString, optionalInt, optionalNumber, requireKey, stringList } from './format';

const stopReason = (r: string) => (r === 'max_tokens' ? 'length' : 'stop');

export const deepseekR1: TextFormat = {
	kind: 'text',
	parse(body) {
		return {
			prompt: expectString(requireKey(body, 'prompt'), 'prompt'),
			maxTokens: optionalInt(body.max_tokens, 'max_tokens', 8192),
			stopSequences: stringList(body.stop, 'stop'),
			temperature: optionalNumber(body.temperature, 'temperature'),
			topP: optionalNumber(body.top_p, 'top_p')
		};
	},
	response(gen) {
		return { choices: [{ text: gen.text, stop_reason: stopReason(gen.stopReason) }] };
	},
	streamEvents(gen) {
		const events: JsonObject[] = gen.pieces.map((text) => ({
			choices: [{ text, stop_reason: null }]
		}));
		events.push({ choices: [{ text: '', stop_reason: stopReason(gen.stopReason) }] });
		return events;
	}
};
