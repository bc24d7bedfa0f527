import { describe, expect, it } from 'vitest';
import { batchCallCount, oversizedBatchResponse } from '$lib/server/limits/batch-size';
import { limitsFromEnv } from '$lib/server/limits/config';
import { InflightLimiter, releasingWhenDone } from '$lib/server/limits/inflight';
import {
	assertConverseWithinCap,
	assertNativeBodyWithinCap,
	maxTokensCap
} from '$lib/server/limits/max-tokens';
import { knownOutputTokenLimit } from '$lib/server/limits/model-output-limits';

describe('limitsFromEnv', () => {
	it('has the DESIGN.md defaults', () => {
		expect(limitsFromEnv({})).toEqual({
			batchSize: 10,
			inflightPerUser: 4,
			invokesPerMinute: 60,
			maxTokens: 8192
		});
	});

	it('reads each variable, and treats a blank one as unset', () => {
		expect(
			limitsFromEnv({ LIMIT_BATCH_SIZE: '3', LIMIT_INFLIGHT_PER_USER: '', LIMIT_MAX_TOKENS: '100' })
		).toMatchObject({ batchSize: 3, inflightPerUser: 4, maxTokens: 100 });
	});

	it.each(['0', '-1', '2.5', 'ten'])('refuses LIMIT_INVOKES_PER_MINUTE=%s, naming it', (value) => {
		expect(() => limitsFromEnv({ LIMIT_INVOKES_PER_MINUTE: value })).toThrow(
			/LIMIT_INVOKES_PER_MINUTE/
		);
	});
});

describe('batch size', () => {
	const url = (path: string) => new URL(`http://app.test/api/trpc/${path}`);
	it('counts the procedures of a batch as tRPC does', () => {
		expect(batchCallCount(url('a.b,c.d,e.f?batch=1'), '/api/trpc')).toBe(3);
		expect(batchCallCount(url('a.b%2Cc.d?batch=1'), '/api/trpc')).toBe(2);
		expect(batchCallCount(url('a.b,c.d'), '/api/trpc')).toBe(1);
	});

	it('answers an oversized batch with a 400 that names the limit', async () => {
		const response = oversizedBatchResponse(url('a,b,c?batch=1'), '/api/trpc', 2);
		expect(response?.status).toBe(400);
		expect(await response?.json()).toMatchObject({
			error: { data: { code: 'BAD_REQUEST', limit: 2, calls: 3 } }
		});
		expect(oversizedBatchResponse(url('a,b?batch=1'), '/api/trpc', 2)).toBeNull();
	});
});

describe('InflightLimiter', () => {
	it('gives each key `limit` slots and takes them back once', () => {
		const limiter = new InflightLimiter(() => 2);
		const a = limiter.tryAcquire('u1');
		const b = limiter.tryAcquire('u1');
		expect(a && b).toBeTruthy();
		expect(limiter.tryAcquire('u1')).toBeNull();
		expect(limiter.tryAcquire('u2')).not.toBeNull();
		a?.();
		a?.(); // a second release of the same slot frees nothing more
		expect(limiter.inFlight('u1')).toBe(1);
		expect(limiter.tryAcquire('u1')).not.toBeNull();
		expect(limiter.tryAcquire('u1')).toBeNull();
	});

	it('holds a stream’s slot until it ends, and frees it when cancelled before it started', async () => {
		let released = 0;
		async function* three() {
			yield 1;
			yield 2;
			yield 3;
		}
		const items: number[] = [];
		for await (const item of releasingWhenDone(three(), () => released++)) {
			items.push(item);
			expect(released).toBe(0);
		}
		expect(items).toEqual([1, 2, 3]);
		expect(released).toBe(1);

		const cancelled = releasingWhenDone(three(), () => released++)[Symbol.asyncIterator]();
		await cancelled.return?.();
		expect(released).toBe(2);
	});
});

describe('maxTokens cap', () => {
	it('knows documented output limits, through profile prefixes and ARNs', () => {
		expect(knownOutputTokenLimit('amazon.titan-text-lite-v1')).toBe(4096);
		expect(knownOutputTokenLimit('us.anthropic.claude-3-5-sonnet-20241022-v2:0')).toBe(8192);
		expect(
			knownOutputTokenLimit(
				'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'
			)
		).toBe(4096);
		expect(knownOutputTokenLimit('meta.llama3-8b-instruct-v1:0')).toBe(2048);
		expect(knownOutputTokenLimit('qwen.qwen3-32b-v1:0')).toBeUndefined();
	});

	it('falls back to LIMIT_MAX_TOKENS for unknown models', () => {
		expect(maxTokensCap('qwen.qwen3-32b-v1:0', 1234)).toBe(1234);
		expect(maxTokensCap('amazon.titan-text-lite-v1', 1234)).toBe(4096);
	});

	const converse = (modelId: string, maxTokens?: number) => ({
		modelId,
		messages: [{ role: 'user' as const, content: 'x' }],
		...(maxTokens === undefined ? {} : { inferenceConfig: { maxTokens } })
	});

	it('refuses a Converse over the cap with a field error, and lets the cap itself and no value pass', () => {
		expect(() => assertConverseWithinCap(converse('amazon.titan-text-lite-v1', 4097))).toThrow(
			/At most 4,096 tokens/
		);
		expect(() =>
			assertConverseWithinCap(converse('amazon.titan-text-lite-v1', 4096))
		).not.toThrow();
		expect(() => assertConverseWithinCap(converse('amazon.titan-text-lite-v1'))).not.toThrow();
	});

	it.each([
		[{ max_tokens: 5000 }, 'max_tokens'],
		[{ textGenerationConfig: { maxTokenCount: 5000 } }, 'textGenerationConfig'],
		[{ inferenceConfig: { max_new_tokens: 5000 } }, 'inferenceConfig'],
		[{ max_gen_len: 5000 }, 'max_gen_len']
	])('refuses a native body %j over the cap', (body, field) => {
		let error: unknown;
		try {
			assertNativeBodyWithinCap({ modelId: 'amazon.titan-text-lite-v1', body });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(Error);
		expect((error as { issues: { path: string[] }[] }).issues[0]?.path).toContain(field);
	});
});
