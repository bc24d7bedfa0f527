// Anthropic Claude Messages API on Bedrock (`anthropic_version`, `max_tokens`, `messages`), with
// the six SSE-style events of Anthropic's stream carried one per chunk.
import type { Generation } from '../../generation';
import type { TextFormat, JsonObject, FormatContext } from './format';
import { malformedInput } from '../../errors';
import { cacheTtlMs, type CachePrefix } from '../prompt-cache';

const blocksOf = (content: unknown): JsonObject[] =>
	Array.isArray(content) ? (content as JsonObject[]) : [];

/**
 * The prefix up to the last block carrying `cache_control` (that block included, as Anthropic
 * caches "up to and including" the marked block), flattened like the prompt is.
 */
function cachePrefixOf(system: unknown, messages: unknown): CachePrefix | undefined {
	let prefix: CachePrefix | undefined;
	const mark = (block: JsonObject, text: string) => {
		const ttlMs = cacheTtlMs(block.cache_control);
		if (ttlMs === undefined) throw malformedInput('#/cache_control/ttl: 5m or 1h');
		prefix = { text, ttlMs };
	};
	const systemTexts: string[] = [];
	for (const block of blocksOf(system)) {
		if (typeof block?.text === 'string') systemTexts.push(block.text);
		if (block?.cache_control) mark(block, systemTexts.join('\n'));
	}
	const turns: string[] = [];
	for (const m of blocksOf(messages)) {
		const texts: string[] = [];
		for (const block of blocksOf(m.content)) {
			if (typeof block?.text === 'string') texts.push(block.text);
			if (block?.cache_control)
				mark(
					block,
					[...systemTexts, ...turns, `${String(m.role)}: ${texts.join('\n')}`].join('\n')
				);
		}
		turns.push(`${String(m.role ?? 'user')}: ${messageText(m.content)}`);
	}
	return prefix;
}

/** Anthropic's usage block: input_tokens excludes the cache reads and writes. */
function usageOf(gen: Generation, outputTokens: number): JsonObject {
	return {
		input_tokens: gen.inputTokens,
		cache_creation_input_tokens: gen.cacheWriteInputTokens,
		cache_read_input_tokens: gen.cacheReadInputTokens,
		output_tokens: outputTokens
	};
}
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
		const cachePrefix = cachePrefixOf(body.system, messages);
		return {
			...(cachePrefix ? { cachePrefix } : {}),
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
			usage: usageOf(gen, gen.outputTokens)
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
					usage: usageOf(gen, 0)
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
