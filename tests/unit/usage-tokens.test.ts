import { describe, expect, it } from 'vitest';
import {
	tokensFromConverse,
	tokensFromInvocationMetrics,
	tokensFromInvokeHeaders
} from '../../src/lib/server/usage/tokens';

describe('token counts from AWS reports', () => {
	it('reads Converse usage; absent cache fields mean none were used', () => {
		expect(tokensFromConverse({ inputTokens: 5, outputTokens: 7, totalTokens: 12 })).toEqual({
			inputTokens: 5,
			outputTokens: 7,
			cacheReadTokens: 0,
			cacheWriteTokens: 0
		});
		expect(
			tokensFromConverse({
				inputTokens: 5,
				outputTokens: 7,
				totalTokens: 112,
				cacheReadInputTokens: 100
			}).cacheReadTokens
		).toBe(100);
	});

	it('reads InvokeModel headers and leaves what AWS did not send unknown', () => {
		const headers = {
			'x-amzn-bedrock-input-token-count': '11',
			'x-amzn-bedrock-output-token-count': '22',
			'x-amzn-bedrock-invocation-latency': '33'
		};
		expect(tokensFromInvokeHeaders(headers, { inputText: 'hi' }, { results: [] })).toEqual({
			inputTokens: 11,
			outputTokens: 22,
			cacheReadTokens: 0,
			cacheWriteTokens: 0,
			awsLatencyMs: 33
		});
		const none = tokensFromInvokeHeaders({}, {}, {});
		expect(none.inputTokens).toBeNull();
		expect(none.outputTokens).toBeNull();
	});

	it('takes cache counts from the Anthropic body, and leaves them unknown when caching was asked for but not reported', () => {
		const headers = {
			'x-amzn-bedrock-input-token-count': '10',
			'x-amzn-bedrock-output-token-count': '2'
		};
		const cached = {
			messages: [
				{
					role: 'user',
					content: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }]
				}
			]
		};
		expect(
			tokensFromInvokeHeaders(headers, cached, {
				usage: { input_tokens: 10, cache_read_input_tokens: 900, cache_creation_input_tokens: 0 }
			})
		).toMatchObject({ cacheReadTokens: 900, cacheWriteTokens: 0 });
		expect(tokensFromInvokeHeaders(headers, cached, { content: [] })).toMatchObject({
			cacheReadTokens: null,
			cacheWriteTokens: null
		});
	});

	it('counts an embedding’s output as 0 tokens (AWS sends no output header for it)', () => {
		const headers = { 'x-amzn-bedrock-input-token-count': '4' };
		expect(
			tokensFromInvokeHeaders(headers, { inputText: 'x' }, { embedding: [0.1] }).outputTokens
		).toBe(0);
	});

	it('reads the last stream chunk’s invocation metrics', () => {
		const chunks = [
			{ outputText: 'o' },
			{
				outputText: 'k',
				'amazon-bedrock-invocationMetrics': {
					inputTokenCount: 8,
					outputTokenCount: 2,
					invocationLatency: 40,
					firstByteLatency: 12
				}
			}
		];
		expect(tokensFromInvocationMetrics(chunks, {})).toEqual({
			inputTokens: 8,
			outputTokens: 2,
			cacheReadTokens: 0,
			cacheWriteTokens: 0,
			awsLatencyMs: 40,
			firstTokenMs: 12
		});
		expect(tokensFromInvocationMetrics([{ outputText: 'o' }], {}).inputTokens).toBeNull();
	});
});
