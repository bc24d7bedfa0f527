/**
 * The limits (DESIGN.md defaults, which the test app runs with): batch size, AWS calls in
 * flight per user, the per-minute rate for invoke.* and connection.test, and the maxTokens cap.
 * Each refusal is checked against the emulator's request log: refused means no AWS call.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../helpers/test-env';
import {
	db,
	emulator,
	finishApiSuite,
	raw,
	rawStream,
	recordingFetch,
	userWithSavedKey,
	type RawResult
} from './harness';

afterAll(finishApiSuite);

const DEFAULTS = { batchSize: 10, inflight: 4, perMinute: 60, maxTokens: 8192 };

const converse = (maxTokens = 5, modelId = 'amazon.titan-text-lite-v1') => ({
	modelId,
	messages: [{ role: 'user' as const, content: 'Say hello' }],
	inferenceConfig: { maxTokens }
});

async function callsFor(accessKeyId: string, operation?: string) {
	return await emulator().requests({ accessKeyId, ...(operation ? { operation } : {}) });
}

async function postBatch(paths: string[], inputs: unknown[], accessToken: string) {
	const body = Object.fromEntries(inputs.map((input, i) => [String(i), input]));
	const response = await recordingFetch(
		`${testEnv().APP_URL}/api/trpc/${paths.join(',')}?batch=1`,
		{
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
			body: JSON.stringify(body)
		}
	);
	return { status: response.status, body: (await response.json()) as unknown };
}

describe('LIMIT_BATCH_SIZE', () => {
	it(`refuses a batch of ${DEFAULTS.batchSize + 1} converse calls whole: 400, and no call runs`, async () => {
		const { user, key } = await userWithSavedKey();
		const n = DEFAULTS.batchSize + 1;
		const { status, body } = await postBatch(
			Array(n).fill('invoke.converse'),
			Array(n).fill(converse()),
			user.accessToken
		);
		expect(status).toBe(400);
		expect(body).toMatchObject({
			error: {
				message: expect.stringMatching(/at most 10 calls; this one has 11/),
				data: { code: 'BAD_REQUEST', limit: 10, calls: 11 }
			}
		});
		expect(await callsFor(key.accessKeyId)).toEqual([]);
	});

	it('counts percent-encoded commas as tRPC does', async () => {
		const { user } = await userWithSavedKey();
		const path = Array(DEFAULTS.batchSize + 1)
			.fill('me.get')
			.join('%2C');
		const response = await recordingFetch(`${testEnv().APP_URL}/api/trpc/${path}?batch=1`, {
			headers: { authorization: `Bearer ${user.accessToken}` }
		});
		expect(response.status).toBe(400);
	});

	it(`runs a batch of exactly ${DEFAULTS.batchSize}`, async () => {
		const { user } = await userWithSavedKey();
		const path = Array(DEFAULTS.batchSize).fill('me.get').join(',');
		const response = await recordingFetch(`${testEnv().APP_URL}/api/trpc/${path}?batch=1`, {
			headers: { authorization: `Bearer ${user.accessToken}` }
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toHaveLength(DEFAULTS.batchSize);
	});
});

describe('LIMIT_INFLIGHT_PER_USER', () => {
	it('answers the 5th simultaneous call TOO_MANY_REQUESTS with a retry time; the 4 others run', async () => {
		const { user, key } = await userWithSavedKey();
		// Every Converse with this key takes 4 s at "AWS", so all five overlap.
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 4000,
			match: { accessKeyId: key.accessKeyId, operation: 'Converse' }
		});
		const results = await Promise.all(
			Array.from({ length: DEFAULTS.inflight + 1 }, () =>
				raw('mutation', 'invoke.converse', converse(), user.accessToken)
			)
		);
		const refused = results.filter((r) => r.status === 429);
		expect(results.filter((r) => r.status === 200)).toHaveLength(DEFAULTS.inflight);
		expect(refused).toHaveLength(1);
		expect(refused[0]?.body.error).toMatchObject({
			message: expect.stringMatching(/already have 4 AWS calls running/),
			data: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) }
		});
		expect(await callsFor(key.accessKeyId, 'Converse')).toHaveLength(DEFAULTS.inflight);

		// The slots come back when the calls end.
		await emulator().setFaults(
			(await emulator().faults()).filter((f) => f.match?.accessKeyId !== key.accessKeyId)
		);
		expect((await raw('mutation', 'invoke.converse', converse(), user.accessToken)).status).toBe(
			200
		);
	});

	it('models.*: a cold catalog asked for 10 times at once is one AWS request, and nobody is refused', async () => {
		const { user, key } = await userWithSavedKey();
		// The one fetch takes a while at "AWS", so the ten requests all wait on it together.
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 500,
			match: { accessKeyId: key.accessKeyId, operation: 'ListFoundationModels' }
		});
		const results = await Promise.all(
			Array.from({ length: 10 }, () => raw('query', 'models.list', {}, user.accessToken))
		);
		expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
		const data = results.map(
			(r) => (r.body.result as { data: { usingFallback: boolean; models: unknown[] } }).data
		);
		expect(data.every((d) => !d.usingFallback && d.models.length > 0)).toBe(true);
		expect(await callsFor(key.accessKeyId, 'ListFoundationModels')).toHaveLength(1);

		// Answered from the cache: no AWS call, so no slot either, even with every slot taken
		// by model calls that are still running.
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 2000,
			match: { accessKeyId: key.accessKeyId, operation: 'Converse' }
		});
		const running = Array.from({ length: DEFAULTS.inflight }, () =>
			raw('mutation', 'invoke.converse', converse(), user.accessToken)
		);
		await new Promise((resolve) => setTimeout(resolve, 500));
		const cached = await raw('query', 'models.list', { search: 'claude' }, user.accessToken);
		expect(cached.status).toBe(200);
		expect((await Promise.all(running)).map((r) => r.status)).toEqual(
			Array(DEFAULTS.inflight).fill(200)
		);
		expect(await callsFor(key.accessKeyId, 'ListFoundationModels')).toHaveLength(1);
	});

	it('models.*: past the limit of AWS requests the answer is TOO_MANY_REQUESTS, not sample models', async () => {
		const { user, key } = await userWithSavedKey();
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 1500,
			match: { accessKeyId: key.accessKeyId, operation: 'ListFoundationModels' }
		});
		// Five different providers: five different lists, so five AWS requests at once.
		const providers = ['Anthropic', 'Amazon', 'Meta', 'Cohere', 'Mistral AI'];
		const results = await Promise.all(
			providers.map((provider) => raw('query', 'models.list', { provider }, user.accessToken))
		);
		expect(results.filter((r) => r.status === 200)).toHaveLength(DEFAULTS.inflight);
		const refused = results.filter((r) => r.status === 429);
		expect(refused).toHaveLength(1);
		expect(refused[0]?.body.error).toMatchObject({
			message: expect.stringMatching(/already have 4 AWS calls running/),
			data: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) }
		});
		expect(await callsFor(key.accessKeyId, 'ListFoundationModels')).toHaveLength(DEFAULTS.inflight);
	});

	it('counts an open stream until it ends', async () => {
		const { user, key } = await userWithSavedKey();
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 4000,
			match: { accessKeyId: key.accessKeyId }
		});
		const streams = Array.from({ length: DEFAULTS.inflight }, () =>
			rawStream('invoke.converseStream', converse(), user.accessToken)
		);
		// Give the streams a moment to reach the server (they stay open for 4 s).
		await new Promise((r) => setTimeout(r, 1500));
		const fifth = await raw('mutation', 'invoke.converse', converse(), user.accessToken);
		expect(fifth.status).toBe(429);
		const finished = await Promise.all(streams);
		expect(finished.every((s) => s.error === undefined)).toBe(true);
		await emulator().setFaults(
			(await emulator().faults()).filter((f) => f.match?.accessKeyId !== key.accessKeyId)
		);
		expect((await raw('mutation', 'invoke.converse', converse(), user.accessToken)).status).toBe(
			200
		);
	});
});

describe('LIMIT_INVOKES_PER_MINUTE', () => {
	it('holds at 60 per user across invoke.* and connection.test, with Retry-After, then resets', async () => {
		const { user, key } = await userWithSavedKey();
		// 59 Converse calls, 4 at a time, and one connection test: 60 in all.
		for (let done = 0; done < DEFAULTS.perMinute - 1;) {
			const round = Math.min(DEFAULTS.inflight, DEFAULTS.perMinute - 1 - done);
			const results = await Promise.all(
				Array.from({ length: round }, () =>
					raw('mutation', 'invoke.converse', converse(), user.accessToken)
				)
			);
			expect(results.map((r) => r.status)).toEqual(Array(round).fill(200));
			done += round;
		}
		expect((await raw('mutation', 'connection.test', {}, user.accessToken)).status).toBe(200);

		const before = (await callsFor(key.accessKeyId)).length;
		const refusedConverse = await raw('mutation', 'invoke.converse', converse(), user.accessToken);
		expect(refusedConverse.status).toBe(429);
		expect(refusedConverse.body.error).toMatchObject({
			message: expect.stringMatching(/all 60 model calls and connection tests allowed per minute/),
			data: { code: 'TOO_MANY_REQUESTS' }
		});
		const retryAfter = (refusedConverse.body.error?.data as { retryAfterSeconds?: number })
			.retryAfterSeconds;
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(60);

		const refusedTest = await recordingFetch(`${testEnv().APP_URL}/api/trpc/connection.test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
			body: '{}'
		});
		expect(refusedTest.status).toBe(429);
		expect(Number(refusedTest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		const refusedNative = await raw(
			'mutation',
			'invoke.invokeModel',
			{ modelId: 'amazon.titan-text-lite-v1', body: { inputText: 'Hi' } },
			user.accessToken
		);
		expect(refusedNative.status).toBe(429);
		const refusedStream = await rawStream('invoke.converseStream', converse(), user.accessToken);
		expect(refusedStream.error?.data.code).toBe('TOO_MANY_REQUESTS');
		expect(await callsFor(key.accessKeyId)).toHaveLength(before);

		// A minute later (moved on the counter's row rather than waited for) it works again.
		await db()`
			update private.rate_limit_windows
			set window_started_at = window_started_at - interval '61 seconds'
			where bucket = ${`invoke:${user.id}`}`;
		expect((await raw('mutation', 'invoke.converse', converse(), user.accessToken)).status).toBe(
			200
		);
	});

	it("does not count other users' calls", async () => {
		const { user } = await userWithSavedKey();
		const rows = await db()`
			select calls from private.rate_limit_windows where bucket = ${`invoke:${user.id}`}`;
		expect(rows).toEqual([]);
		expect((await raw('mutation', 'invoke.converse', converse(), user.accessToken)).status).toBe(
			200
		);
		const [row] = await db()`
			select calls from private.rate_limit_windows where bucket = ${`invoke:${user.id}`}`;
		// Its own call, and the 5 further calls (a tenth of the 59 left) leased to this instance.
		expect(row?.calls).toBe(6);
	});

	it('asks Postgres once per lease for a user without a budget, and the lease shrinks near the limit', async () => {
		const { user, key } = await userWithSavedKey();
		const counted = async () => {
			const [row] = await db()<{ calls: number }[]>`
				select calls from private.rate_limit_windows where bucket = ${`invoke:${user.id}`}`;
			return row?.calls;
		};
		const call = async () =>
			expect((await raw('mutation', 'invoke.converse', converse(), user.accessToken)).status).toBe(
				200
			);
		await call();
		expect(await counted()).toBe(6); // this call, and a tenth of the 59 left
		for (let i = 0; i < 5; i++) await call();
		expect(await counted()).toBe(6); // the five leased calls asked nobody
		await call();
		expect(await counted()).toBe(12); // the next admission: 7 used, a tenth of 53 leased
		expect(await callsFor(key.accessKeyId, 'Converse')).toHaveLength(7);
	});
});

describe('LIMIT_MAX_TOKENS and model output limits', () => {
	const fieldErrors = (result: RawResult) => result.body.error?.data.zodError?.fieldErrors ?? {};

	it("refuses more than the model's own output limit, naming it, before any AWS call", async () => {
		const { user, key } = await userWithSavedKey();
		const result = await raw('mutation', 'invoke.converse', converse(4097), user.accessToken);
		expect(result.status).toBe(400);
		expect(fieldErrors(result).inferenceConfig?.join(' ')).toMatch(
			/At most 4,096 tokens \(the output limit of amazon\.titan-text-lite-v1\)/
		);
		const stream = await rawStream('invoke.converseStream', converse(4097), user.accessToken);
		expect(stream.error?.data.code).toBe('BAD_REQUEST');
		expect(await callsFor(key.accessKeyId)).toEqual([]);
		expect(
			(await raw('mutation', 'invoke.converse', converse(4096), user.accessToken)).status
		).toBe(200);
	});

	it(`caps a model without a known limit at ${DEFAULTS.maxTokens}`, async () => {
		const { user, key } = await userWithSavedKey();
		const model = 'qwen.qwen3-32b-v1:0';
		const over = await raw('mutation', 'invoke.converse', converse(8193, model), user.accessToken);
		expect(over.status).toBe(400);
		expect(fieldErrors(over).inferenceConfig?.join(' ')).toMatch(/At most 8,192 tokens/);
		expect(await callsFor(key.accessKeyId)).toEqual([]);
		expect(
			(await raw('mutation', 'invoke.converse', converse(8192, model), user.accessToken)).status
		).toBe(200);
	});

	it("applies the cap to a native body's own max-tokens field", async () => {
		const { user, key } = await userWithSavedKey();
		const result = await raw(
			'mutation',
			'invoke.invokeModel',
			{
				modelId: 'amazon.titan-text-lite-v1',
				body: { inputText: 'Hi', textGenerationConfig: { maxTokenCount: 200_000 } }
			},
			user.accessToken
		);
		expect(result.status).toBe(400);
		expect(fieldErrors(result).body?.join(' ')).toMatch(/At most 4,096 tokens/);
		expect(await callsFor(key.accessKeyId)).toEqual([]);
	});
});
