// Mistral / Mixtral text completions: `prompt` in "<s>[INST] … [/INST]" form, `max_tokens`, `stop`.
import type { TextFormat, JsonObject } from './format';
import { expectString, optionalInt, optionalNumber, requireKey, stringList } from './format';

const stopReason = (r: string) => (r === 'max_tokens' ? 'length' : 'stop');

export const mistral: TextFormat = {
	kind: 'text',
	parse(body) {
		return {
			prompt: expectString(requireKey(body, 'prompt'), 'prompt'),
			maxTokens: optionalInt(body.max_tokens, 'max_tokens', 512),
			stopSequences: stringList(body.stop, 'stop'),
			temperature: optionalNumber(body.temperature, 'temperature'),
			topP: optionalNumber(body.top_p, 'top_p')
		};
	},
	response(gen) {
		return { outputs: [{ text: gen.text, stop_reason: stopReason(gen.stopReason) }] };
	},
	streamEvents(gen) {
		const events: JsonObject[] = gen.pieces.map((text) => ({
			outputs: [{ text, stop_reason: null }]
		}));
		events.push({ outputs: [{ text: '', stop_reason: stopReason(gen.stopReason) }] });
		return events;
	}
};
