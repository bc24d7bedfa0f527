// Anthropic Claude Messages API on Bedrock (`anthropic_version`, `max_tokens`, `messages`), with
// the six SSE-style events of Anthropic's stream carried one per chunk.
import type { TextFormat, JsonObject, FormatContext } from './format';
import {
	flattenMessages,
	messageText,
	optionalInt,
	optionalNumber,
	requireKey,
	stringList
} from './format';

/** Anthropic's own short model name, e.g. `claude-3-haiku-20240307` for the Bedrock id. */
function anthropicModelName(ctx: FormatContext): string {
	return ctx.model.modelId
		.replace(/^anthropic\./, '')
		.replace(/-v\d+(:\d+)*$/, '')
		.replace(/:.*$/, '');
}

const messageId = (ctx: FormatContext) =>
	`msg_bdrk_${ctx.requestId.replace(/-/g, '').slice(0, 24)}`;

export const anthropicMessages: TextFormat = {
	kind: 'text',
	parse(body) {
		requireKey(body, 'anthropic_version'); // any string: the Anthropic SDK sends its own date here
		const maxTokens = optionalInt(requireKey(body, 'max_tokens'), 'max_tokens', 1);
		const messages = requireKey(body, 'messages');
		return {
			prompt: flattenMessages(messages),
			system: body.system === undefined ? undefined : messageText(body.system),
			maxTokens,
			stopSequences: stringList(body.stop_sequences, 'stop_sequences'),
			temperature: optionalNumber(body.temperature, 'temperature'),
			topP: optionalNumber(body.top_p, 'top_p')
		};
	},
	response(gen, ctx) {
		return {
			id: messageId(ctx),
			type: 'message',
			role: 'assistant',
			model: anthropicModelName(ctx),
			content: [{ type: 'text', text: gen.text }],
			stop_reason: gen.stopReason,
			stop_sequence: gen.stopSequence,
			usage: { input_tokens: gen.inputTokens, output_tokens: gen.outputTokens }
		};
	},
	streamEvents(gen, ctx) {
		const events: JsonObject[] = [
			{
				type: 'message_start',
				message: {
					id: messageId(ctx),
					type: 'message',
					role: 'assistant',
					model: anthropicModelName(ctx),
					content: [],
					stop_reason: null,
					stop_sequence: null,
					usage: { input_tokens: gen.inputTokens, output_tokens: 0 }
				}
			},
			{ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }
		];
		for (const text of gen.pieces)
			events.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
		events.push({ type: 'content_block_stop', index: 0 });
		events.push({
			type: 'message_delta',
			delta: { stop_reason: gen.stopReason, stop_sequence: gen.stopSequence },
			usage: { output_tokens: gen.outputTokens }
		});
		events.push({ type: 'message_stop' });
		return events;
	}
};
