/**
 * A model's price per million tokens, context window and output limit, for the pages (the
 * catalog API does not state token limits; the price data and the limits table do, for some).
 *
 * The price is what the usage ledger would charge: costOf itself, asked for a million input
 * tokens and then a million output tokens, so the details page, the playground and the ledger
 * can never disagree (corrections and cross-Region profile rules included). A model costOf
 * cannot price stays null ("unknown"), never 0.
 */
import { contextTokens, contextVariant } from '../../components/catalog/model-ids';
import type { ModelFacts, PricePerMillion } from '../../schemas/model-facts';
import { knownOutputTokenLimit } from '../limits/model-output-limits';
import { resolveModelId } from './model-ids';
import { calcAwsPrice, costOf, hasPriceCorrection, PRICE_DATA_VERSION } from './pricing';

const MILLION = 1_000_000;

export function pricePerMillion(modelId: string, at: Date = new Date()): PricePerMillion | null {
	const base = resolveModelId(modelId).baseModelId;
	const of = (inputTokens: number, outputTokens: number) =>
		costOf(
			modelId,
			base,
			{ inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 },
			at
		);
	const inputUsd = of(MILLION, 0);
	const outputUsd = of(0, MILLION);
	return inputUsd === null || outputUsd === null ? null : { inputUsd, outputUsd };
}

/**
 * The price data's context window for the model, unless the app corrects that model's entry
 * (the library matched it to another model, whose window may differ too).
 */
function contextWindowOf(modelId: string): ModelFacts['contextWindow'] {
	// `…-v1:0:48k` is its own, smaller window; the data only knows the base model's.
	const variant = contextVariant(modelId);
	if (variant) return { tokens: contextTokens(variant), source: 'model id' };
	const base = resolveModelId(modelId).baseModelId;
	if (base && hasPriceCorrection(base)) return null;
	const found = calcAwsPrice({ input_tokens: 0, output_tokens: 0 }, modelId);
	const tokens = found?.model.context_window;
	return tokens ? { tokens, source: 'price data' } : null;
}

export function modelFacts(modelId: string, at: Date = new Date()): ModelFacts {
	return {
		price: pricePerMillion(modelId, at),
		priceVersion: PRICE_DATA_VERSION,
		contextWindow: contextWindowOf(modelId),
		maxOutputTokens: knownOutputTokenLimit(modelId) ?? null
	};
}
