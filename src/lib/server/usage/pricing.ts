/**
 * The cost of one Bedrock call, from @pydantic/genai-prices' bundled, dated price data (never
 * fetched at run time: its calcPrice only reads what ships in the package).
 *
 * Three rules peers got wrong, each tested in tests/unit/usage-pricing.test.ts:
 * - Bedrock's inputTokens EXCLUDES cache reads and writes; the library's input_tokens is the
 *   total, with cache_read_tokens and cache_write_tokens as parts of it. So we add them up.
 * - A model the data does not price gets `null` ("unknown"), never 0; so does a call whose
 *   token counts are unknown (an abandoned stream).
 * - Cross-Region (`us.`/`eu.`/`apac.`) profiles are priced as the source Region's on-demand
 *   price of the base model (the library maps them to its "regional" entry); `global.` profiles
 *   have their own, lower price in the data.
 */
import { calcPrice, type Provider, type Usage } from '@pydantic/genai-prices';
import { LruCache } from '../cache/lru';

/** Bump together with package.json; a unit test compares it with the installed package. */
export const PRICE_DATA_VERSION = 'genai-prices@0.1.8';

/**
 * Corrections where the bundled data disagrees with AWS's price page, per million tokens.
 * Titan Text Embeddings V2: the data falls back to V1's $0.10; AWS lists $0.02.
 */
const CORRECTIONS: Record<string, { input_mtok: number; output_mtok?: number }> = {
	'amazon.titan-embed-text-v2:0': { input_mtok: 0.02 }
};

/** The app overrides the data for this model (its entry is a fallback to another model). */
export function hasPriceCorrection(baseModelId: string): boolean {
	return baseModelId in CORRECTIONS;
}

export interface CallTokens {
	/** Bedrock's inputTokens (cache tokens excluded). */
	inputTokens: number | null;
	outputTokens: number | null;
	cacheReadTokens: number | null;
	cacheWriteTokens: number | null;
}

/** USD for the call, or null when unknown. `modelId` as called (profile ids welcome). */
export function costOf(
	modelId: string,
	baseModelId: string | null,
	tokens: CallTokens,
	at: Date = new Date()
): number | null {
	const { inputTokens, outputTokens } = tokens;
	if (inputTokens === null || outputTokens === null) return null;
	// Unknown cache counts only matter when caching could have happened; callers pass 0 when
	// AWS's usage said nothing about the cache, null when they could not know.
	if (tokens.cacheReadTokens === null || tokens.cacheWriteTokens === null) return null;
	const cacheRead = tokens.cacheReadTokens;
	const cacheWrite = tokens.cacheWriteTokens;

	const correction = baseModelId ? CORRECTIONS[baseModelId] : undefined;
	if (correction) {
		const perToken = (mtok: number | undefined) => (mtok ?? 0) / 1_000_000;
		if (cacheRead > 0 || cacheWrite > 0) return null; // no cache rates in the correction
		return roundUsd(
			inputTokens * perToken(correction.input_mtok) +
				outputTokens * perToken(correction.output_mtok)
		);
	}

	const result = calcAwsPrice(
		{
			input_tokens: inputTokens + cacheRead + cacheWrite,
			cache_read_tokens: cacheRead,
			cache_write_tokens: cacheWrite,
			output_tokens: outputTokens
		},
		modelId,
		at
	);
	// Where the data has no cache rate for a model, the library prices those tokens at the
	// input rate (never at 0), which is what AWS bills for models without caching discounts.
	return result ? roundUsd(result.total_price) : null;
}

/**
 * The AWS provider of the price data narrowed to the one model `modelId` matches (null: none),
 * found once per id. calcPrice otherwise tries the match rules of every AWS model on each call,
 * and every invocation prices twice (its budget estimate and its ledger row). Given the
 * narrowed provider, calcPrice matches the same model the same way (date-normalised ids and
 * fallback providers included) and applies its prices for `at` as before. Bounded: model ids
 * come from callers.
 */
const narrowedProviders = new LruCache<Provider | null>(500, 60 * 60_000);

function awsProviderMatching(modelId: string): Provider | null {
	const cached = narrowedProviders.get(modelId);
	if (cached !== undefined) return cached;
	const found = calcPrice({ input_tokens: 0, output_tokens: 0 }, modelId, { providerId: 'aws' });
	const narrowed = found ? { ...found.provider, models: [found.model] } : null;
	narrowedProviders.set(modelId, narrowed);
	return narrowed;
}

/** calcPrice for an AWS model id, as `calcPrice(usage, modelId, { providerId: 'aws', timestamp })`. */
export function calcAwsPrice(usage: Usage, modelId: string, at: Date = new Date()) {
	const provider = awsProviderMatching(modelId);
	return provider ? calcPrice(usage, modelId, { provider, timestamp: at }) : null;
}

/** numeric(14, 8) in the ledger: round once here so the API and the row agree. */
function roundUsd(usd: number): number {
	return Math.round(usd * 1e8) / 1e8;
}
