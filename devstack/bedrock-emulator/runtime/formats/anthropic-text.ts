// Anthropic's legacy Text Completions body (Claude 2.x, Claude Instant): `prompt` in
// "\n\nHuman: … \n\nAssistant:" form and `max_tokens_to_sample`. Those models also accept the
// Messages body, so a body with `messages` is handed to that adapter.
import type { TextFormat, JsonObject } from './format';
import { expectString, optionalInt, optionalNumber, requireKey, stringList } from './format';
import { anthropicMessages } from './anthropic-messages';

const HUMAN_TURN = '\n\nHuman:';

function stopFields(gen: { stopReason: string; stopSequence: string | null }) {
	// Claude 2 ends a natural answer by emitting the next "\n\nHuman:" turn, reported as a stop sequence.
	if (gen.stopReason === 'max_tokens') return { stop_reason: 'max_tokens', stop: null };
	return { stop_reason: 'stop_sequence', stop: gen.stopSequence ?? HUMAN_TURN };
}

const isMessagesBody = (body: JsonObject) => body.messages !== undefined;

export const anthropicText: TextFormat = {
	kind: 'text',
	parse(body, ctx) {
		if (isMessagesBody(body)) return anthropicMessages.parse(body, ctx);
		const prompt = expectString(requireKey(body, 'prompt'), 'prompt');
		return {
			prompt,
			maxTokens: optionalInt(requireKey(body, 'max_tokens_to_sample'), 'max_tokens_to_sample', 1),
			stopSequences: stringList(body.stop_sequences, 'stop_sequences'),
			temperature: optionalNumber(body.temperature, 'temperature'),
			topP: optionalNumber(body.top_p, 'top_p')
		};
	},
	response(gen) {
		return { completion: ` ${gen.text}`, ...stopFields(gen) };
	},
	streamEvents(gen) {
		const events: JsonObject[] = gen.pieces.map((text, i) => ({
			completion: i === 0 ? ` ${text}` : text,
			stop_reason: null,
			stop: null
		}));
		events.push({ completion: '', ...stopFields(gen) });
		return events;
	}
};

/** Claude 2.x picks the adapter per request body, so the response side must follow the request. */
export function anthropicTextFor(body: JsonObject): TextFormat {
	return isMessagesBody(body) ? anthropicMessages : anthropicText;
}
