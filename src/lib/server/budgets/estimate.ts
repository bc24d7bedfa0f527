/**
 * The most a call can cost, reserved against the user's budget before it is made.
 *
 * It must never be below the real cost, or concurrent calls could overrun the budget:
 * - input: the prompt's UTF-8 bytes count as tokens (a Bedrock tokenizer never makes more tokens
 *   than bytes), plus a margin per message for the role markers the model adds;
 * - output: the maxTokens asked for, else the cap the server enforces (the model's documented
 *   output limit, else LIMIT_MAX_TOKENS), so the answer cannot be longer;
 * - a system prompt with a cache point may be written to the cache, which costs more than input:
 *   it is counted as cache writes.
 * null: the model has no known price, so no maximum can be given (never "free").
 */
import type { ConverseInput, InvokeModelInput } from '../../schemas/invoke';
import { maxTokensCap, nativeMaxTokensRequested } from '../limits/max-tokens';
import { resolveModelId } from '../usage/model-ids';
import { costOf } from '../usage/pricing';

const TOKENS_PER_MESSAGE = 16;
const TOKENS_PER_CALL = 32;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

export interface MaxTokens {
	input: number;
	/** Of which written to the prompt cache (priced at the cache-write rate). */
	cacheWrite: number;
	output: number;
}

export function converseMaxTokens(input: ConverseInput): MaxTokens {
	const system = input.system ? bytes(input.system) : 0;
	const messages = input.messages.reduce(
		(sum, message) => sum + bytes(message.content) + TOKENS_PER_MESSAGE,
		0
	);
	const cacheWrite = input.systemCachePoint ? system + TOKENS_PER_MESSAGE : 0;
	return {
		input: TOKENS_PER_CALL + messages + (input.system ? system + TOKENS_PER_MESSAGE : 0),
		cacheWrite,
		output: input.inferenceConfig?.maxTokens ?? maxTokensCap(input.modelId)
	};
}

export function invokeModelMaxTokens(input: InvokeModelInput): MaxTokens {
	return {
		input: TOKENS_PER_CALL + bytes(JSON.stringify(input.body)),
		cacheWrite: 0,
		output: nativeMaxTokensRequested(input.body) ?? maxTokensCap(input.modelId)
	};
}

/** USD at the model's prices, or null when the model has no known price. */
export function maxCostUsd(modelId: string, tokens: MaxTokens): number | null {
	const { baseModelId } = resolveModelId(modelId);
	return costOf(modelId, baseModelId, {
		// Bedrock's inputTokens excludes cache writes; costOf adds them back.
		inputTokens: tokens.input - tokens.cacheWrite,
		outputTokens: tokens.output,
		cacheReadTokens: 0,
		cacheWriteTokens: tokens.cacheWrite
	});
}
