import { describe, expect, it } from 'vitest';
import { formatUsdPerMillion } from '../../src/lib/schemas/model-facts';
import { modelFacts, pricePerMillion } from '../../src/lib/server/usage/model-facts';
import { costOf, PRICE_DATA_VERSION } from '../../src/lib/server/usage/pricing';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('pricePerMillion', () => {
	it("is the ledger's own price: Claude 3 Haiku $0.25 in, $1.25 out per million", () => {
		expect(pricePerMillion(HAIKU)).toEqual({ inputUsd: 0.25, outputUsd: 1.25 });
		// 1,000 in + 1,000 out at those rates is what the ledger charges for the call.
		const call = costOf(HAIKU, HAIKU, {
			inputTokens: 1000,
			outputTokens: 1000,
			cacheReadTokens: 0,
			cacheWriteTokens: 0
		});
		expect(call).toBeCloseTo((1000 * 0.25 + 1000 * 1.25) / 1_000_000, 10);
	});

	it('prices a cross-Region profile like its base model', () => {
		expect(pricePerMillion(`us.${HAIKU}`)).toEqual(pricePerMillion(HAIKU));
	});

	it("applies the app's correction (Titan Text Embeddings V2 at $0.02, not V1's $0.10)", () => {
		expect(pricePerMillion('amazon.titan-embed-text-v2:0')).toEqual({
			inputUsd: 0.02,
			outputUsd: 0
		});
	});

	it('is null (unknown), never 0, for a model the data does not price', () => {
		expect(pricePerMillion('cohere.command-r-v1:0')).toBeNull();
		expect(pricePerMillion('example.unknown-model-v1:0')).toBeNull();
	});
});

describe('modelFacts', () => {
	it('has the price, the data version, the context window and the output limit', () => {
		expect(modelFacts(HAIKU)).toEqual({
			price: { inputUsd: 0.25, outputUsd: 1.25 },
			priceVersion: PRICE_DATA_VERSION,
			contextWindow: { tokens: 200_000, source: 'price data' },
			maxOutputTokens: 4096
		});
	});

	it("takes a variant's window from its id, not the base model's from the data", () => {
		expect(modelFacts(`${HAIKU}:48k`).contextWindow).toEqual({
			tokens: 48_000,
			source: 'model id'
		});
	});

	it('says unknown (null) where nothing knows the limits or the price', () => {
		expect(modelFacts('example.unknown-model-v1:0')).toMatchObject({
			price: null,
			contextWindow: null,
			maxOutputTokens: null
		});
		// The corrected model's data entry is another model's: its window is not trusted either.
		expect(modelFacts('amazon.titan-embed-text-v2:0').contextWindow).toBeNull();
	});
});

describe('formatUsdPerMillion', () => {
	it('keeps small prices visible instead of rounding them to $0', () => {
		expect(formatUsdPerMillion(0.25)).toBe('$0.25');
		expect(formatUsdPerMillion(0.035)).toBe('$0.035');
		expect(formatUsdPerMillion(15)).toBe('$15.00');
		expect(formatUsdPerMillion(0.00001)).toBe('$0.00001');
	});
});
