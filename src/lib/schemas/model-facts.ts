/**
 * What a model costs and how many tokens it takes and gives (isomorphic types: computed on the
 * server from the ledger's price data, shown by the model details page and the playground).
 * `null` always means "unknown": a price is never shown as $0 because it is missing.
 */

/** USD per million tokens, as the usage ledger would charge them. */
export interface PricePerMillion {
	inputUsd: number;
	outputUsd: number;
}

export interface ModelFacts {
	price: PricePerMillion | null;
	/** The price data the figures come from, e.g. `genai-prices@0.1.8`. */
	priceVersion: string;
	/** Tokens the model reads: the id's variant suffix (`…:200k`), else the price data's. */
	contextWindow: { tokens: number; source: 'model id' | 'price data' } | null;
	/** The most output tokens it may be asked for, where the app's limits table knows it. */
	maxOutputTokens: number | null;
}

const usd = new Intl.NumberFormat('en-US', {
	style: 'currency',
	currency: 'USD',
	minimumFractionDigits: 2,
	maximumFractionDigits: 4
});

/** `$0.25`, `$0.035`: a per-million price, never rounded to $0. */
export function formatUsdPerMillion(value: number): string {
	return value > 0 && value < 0.0001 ? `$${value}` : usd.format(value);
}
