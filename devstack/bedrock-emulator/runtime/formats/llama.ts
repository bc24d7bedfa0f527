// Meta Llama: `prompt` (with Llama's chat template), `max_gen_len`; no stop sequences in this API.
import type { TextFormat, JsonObject } from './format';
import { expectString, optionalInt, optionalNumber, requireKey } from './format';

const stopReason = (r: string) => (r === 'max_tokens' ? 'length' : 'stop');

export const llama: TextFormat = {
	kind: 'text',
	parse(body) {
		return {
			prompt: expectString(requireKey(body, 'prompt'), 'prompt'),
			maxTokens: optionalInt(body.max_gen_len, 'max_gen_len', 512),
			stopSequences: [],
			temperature: optionalNumber(body.temperature, 'temperature'),
			topP: optionalNumber(body.top_p, 'top_p')
		};
	},
	response(gen) {
		return {
			generation: gen.text,
			prompt_token_count: gen.inputTokens,
			generation_token_count: gen.outputTokens,
			stop_reason: stopReason(gen.stopReason)
		};
	},
	streamEvents(gen) {
		let soFar = 0;
		const events: JsonObject[] = gen.pieces.map((text, i) => {
			soFar += gen.pieceTokens[i]!;
			return {
				generation: text,
				prompt_token_count: i === 0 ? gen.inputTokens : null,
				generation_token_count: soFar,
				stop_reason: null
			};
		});
		events.push({
			generation: '',
			prompt_token_count: null,
			generation_token_count: gen.outputTokens,
			stop_reason: stopReason(gen.stopReason)
		});
		return events;
	}
};
