import { readFileSync } from 'node:fs';
import { calcPrice, findProvider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { calcAwsPrice, costOf, PRICE_DATA_VERSION } from '../../src/lib/server/usage/pricing';
import { resolveModelId } from '../../src/lib/server/usage/model-ids';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_35 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const tokens = (input: number, output: number, cacheRead = 0, cacheWrite = 0) => ({
	inputTokens: input,
	outputTokens: output,
	cacheReadTokens: cacheRead,
	cacheWriteTokens: cacheWrite
});
const cost = (modelId: string, t: ReturnType<typeof tokens>) =>
	costOf(modelId, resolveModelId(modelId).baseModelId, t);

describe('costOf', () => {
	it('prices Claude 3 Haiku on demand: 1,000 in + 1,000 out = $0.0015', () => {
		expect(cost(HAIKU, tokens(1000, 1000))).toBe(0.0015);
	});

	it('prices a cross-Region profile like its base model in the source Region (never $0)', () => {
		expect(cost(`us.${HAIKU}`, tokens(1000, 1000))).toBe(0.0015);
		expect(cost(`eu.${HAIKU}`, tokens(1000, 1000))).toBe(0.0015);
	});

	it('adds cache reads and writes (excluded from Bedrock inputTokens) at their own rates', () => {
		// Claude 3.5 Haiku: input $0.80, cache write $1.00, cache read $0.08, output $4 per MTok.
		const expected = (1000 * 0.8 + 2000 * 1.0 + 10_000 * 0.08 + 500 * 4) / 1_000_000;
		expect(cost(HAIKU_35, tokens(1000, 500, 10_000, 2000))).toBeCloseTo(expected, 10);
		expect(cost(HAIKU_35, tokens(1000, 500, 10_000, 2000))).toBeGreaterThan(
			cost(HAIKU_35, tokens(1000, 500))!
		);
	});

	it('matches the library when given the library’s total-input convention', () => {
		const lib = calcPrice(
			{ input_tokens: 4000, cache_read_tokens: 2000, cache_write_tokens: 1000, output_tokens: 300 },
			HAIKU_35,
			{ providerId: 'aws' }
		);
		expect(cost(HAIKU_35, tokens(1000, 300, 2000, 1000))).toBeCloseTo(lib!.total_price, 10);
	});

	it('gives an unpriced model a null cost, never 0', () => {
		expect(cost('anthropic.claude-v2', tokens(1000, 1000))).toBeNull();
		expect(
			cost('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x', tokens(1, 1))
		).toBeNull();
	});

	it('gives unknown token counts a null cost', () => {
		expect(cost(HAIKU, { ...tokens(1000, 1000), outputTokens: null } as never)).toBeNull();
		expect(cost(HAIKU, { ...tokens(1000, 1000), cacheReadTokens: null } as never)).toBeNull();
	});

	it('corrects Titan Text Embeddings V2 to AWS’s $0.02 per million tokens', () => {
		expect(cost('amazon.titan-embed-text-v2:0', tokens(1_000_000, 0))).toBe(0.02);
	});

	it('names the installed price data version', () => {
		const pkg = JSON.parse(
			readFileSync('node_modules/@pydantic/genai-prices/package.json', 'utf8')
		) as { version: string };
		expect(PRICE_DATA_VERSION).toBe(`genai-prices@${pkg.version}`);
	});
});

describe('resolveModelId', () => {
	it('splits a profile id into base model and profile', () => {
		expect(resolveModelId(`us.${HAIKU}`)).toEqual({
			baseModelId: HAIKU,
			inferenceProfileId: `us.${HAIKU}`
		});
		expect(resolveModelId(HAIKU)).toEqual({ baseModelId: HAIKU, inferenceProfileId: null });
	});

	it('reads ARNs', () => {
		expect(resolveModelId(`arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`).baseModelId).toBe(
			HAIKU
		);
		const profileArn = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${HAIKU}`;
		expect(resolveModelId(profileArn)).toEqual({
			baseModelId: HAIKU,
			inferenceProfileId: profileArn
		});
		const app = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
		expect(resolveModelId(app)).toEqual({ baseModelId: null, inferenceProfileId: app });
	});
});

describe('calcAwsPrice (the price data matched once per model id)', () => {
	const usage = {
		input_tokens: 12_345,
		cache_read_tokens: 2_000,
		cache_write_tokens: 1_000,
		output_tokens: 678
	};
	const aws = findProvider({ providerId: 'aws' });
	const ids = (aws?.models ?? []).flatMap((model) => [
		model.id,
		`us.${model.id}`,
		`global.${model.id}`,
		`${model.id}-20240307`
	]);
	ids.push('anthropic.claude-3-haiku-20240307-v1:0', 'no-such.model-v9:0', 'AMAZON.Nova-Pro-V1:0');

	it('prices every id exactly as calcPrice over the whole AWS data, now and in the past', () => {
		expect(ids.length).toBeGreaterThan(50);
		for (const at of [new Date(), new Date('2024-06-01T00:00:00Z')]) {
			for (const id of ids) {
				// Twice: the first call fills the cache, the second is answered from it.
				for (let round = 0; round < 2; round++) {
					const fast = calcAwsPrice(usage, id, at);
					const full = calcPrice(usage, id, { providerId: 'aws', timestamp: at });
					expect({ id, total: fast?.total_price, model: fast?.model.id }).toEqual({
						id,
						total: full?.total_price,
						model: full?.model.id
					});
				}
			}
		}
	});
});
