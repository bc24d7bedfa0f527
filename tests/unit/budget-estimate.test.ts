import { describe, expect, it } from 'vitest';
import {
	converseMaxTokens,
	invokeModelMaxTokens,
	maxCostUsd
} from '../../src/lib/server/budgets/estimate';
import { costOf } from '../../src/lib/server/usage/pricing';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('the maximum cost reserved before a call', () => {
	it('counts every UTF-8 byte of the prompt as a token, plus a margin per message', () => {
		const ascii = converseMaxTokens({
			modelId: HAIKU,
			messages: [{ role: 'user', content: 'abcd' }],
			inferenceConfig: { maxTokens: 100 }
		});
		const accented = converseMaxTokens({
			modelId: HAIKU,
			messages: [{ role: 'user', content: 'éééé' }],
			inferenceConfig: { maxTokens: 100 }
		});
		expect(accented.input - ascii.input).toBe(4); // 2 bytes each instead of 1
		expect(ascii.input).toBeGreaterThan(4);
		expect(ascii.output).toBe(100);
	});

	it("reserves the model's whole output limit when maxTokens is not given", () => {
		const tokens = converseMaxTokens({
			modelId: HAIKU,
			messages: [{ role: 'user', content: 'hi' }]
		});
		expect(tokens.output).toBe(4096);
	});

	it('counts a cached system prompt as cache writes, which cost more than input', () => {
		const base = {
			modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
			system: 'x'.repeat(4000),
			messages: [{ role: 'user' as const, content: 'hi' }],
			inferenceConfig: { maxTokens: 10 }
		};
		const cached = converseMaxTokens({ ...base, systemCachePoint: '5m' });
		expect(cached.cacheWrite).toBeGreaterThan(4000);
		expect(maxCostUsd(base.modelId, cached)!).toBeGreaterThan(
			maxCostUsd(base.modelId, converseMaxTokens(base))!
		);
	});

	it('is never below what the answer can cost', () => {
		const input = {
			modelId: HAIKU,
			messages: [{ role: 'user' as const, content: 'Say hello in five words' }],
			inferenceConfig: { maxTokens: 50 }
		};
		const reserved = maxCostUsd(HAIKU, converseMaxTokens(input))!;
		// Generous real counts: a token per character of the prompt, and every output token used.
		const actual = costOf(HAIKU, HAIKU, {
			inputTokens: 40,
			outputTokens: 50,
			cacheReadTokens: 0,
			cacheWriteTokens: 0
		})!;
		expect(reserved).toBeGreaterThanOrEqual(actual);
	});

	it('reads the output length a native body asks for', () => {
		expect(
			invokeModelMaxTokens({
				modelId: HAIKU,
				body: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 321, messages: [] }
			}).output
		).toBe(321);
		expect(
			invokeModelMaxTokens({
				modelId: 'amazon.titan-text-lite-v1',
				body: { inputText: 'hi', textGenerationConfig: { maxTokenCount: 77 } }
			}).output
		).toBe(77);
	});

	it('is null, never 0, for a model without a known price', () => {
		const tokens = converseMaxTokens({
			modelId: 'anthropic.claude-v2',
			messages: [{ role: 'user', content: 'hi' }]
		});
		expect(maxCostUsd('anthropic.claude-v2', tokens)).toBeNull();
	});
});
