/**
 * Budgets over HTTP: reservations that hold when 30 calls race across two app instances,
 * refusals with PAYMENT_REQUIRED (and no AWS request), settlement against the ledger, expiry of
 * a crashed server's reservation, unpriced models, the per-user rate, and budgets.* access.
 *
 * Calls overlap through a per-key emulator latency fault (never a global emulator setting), so
 * other files running at the same time are not slowed. The two extra instances run with more
 * calls in flight per user than the shared test app, so the budget (not that limit) decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converseMaxTokens, maxCostUsd } from '../../../src/lib/server/budgets/estimate';
import type { ConverseInput } from '../../../src/lib/schemas/invoke';
import {
	api,
	db,
	emulator,
	finishApiSuite,
	newUser,
	raw,
	rawStream,
	recordingFetch,
	userWithSavedKey,
	type ApiUser,
	type RawResult
} from './harness';
import { startExtraApp, type ExtraApp } from './extra-app';
import { testEnv } from '../../helpers/test-env';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'us.anthropic.claude-sonnet-4-20250514-v1:0'; // $15 per million output tokens
const CLAUDE_V2 = 'anthropic.claude-v2'; // no price in the bundled data

const converse = (maxTokens: number, modelId = HAIKU): ConverseInput => ({
	modelId,
	messages: [{ role: 'user', content: 'Say hello' }],
	inferenceConfig: { maxTokens }
});

let admin: ApiUser;
let instances: ExtraApp[] = [];

beforeAll(async () => {
	admin = await newUser({ admin: true });
	instances = await Promise.all([1, 2].map(() => startExtraApp({ LIMIT_INFLIGHT_PER_USER: '64' })));
}, 90_000);
afterAll(async () => {
	await Promise.all(instances.map((instance) => instance.stop()));
	await finishApiSuite();
});

async function post(baseUrl: string, path: string, input: unknown, token: string) {
	const response = await recordingFetch(`${baseUrl}/api/trpc/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify(input)
	});
	return { status: response.status, body: (await response.json()) as RawResult['body'] };
}

async function spendOf(userId: string) {
	const rows = await db()<{ spent: string; reserved: string }[]>`
		select spent_usd::text as spent, reserved_usd::text as reserved
		from public.bedrock_budget_spend where user_id = ${userId}`;
	return { spent: Number(rows[0]?.spent ?? 0), reserved: Number(rows[0]?.reserved ?? 0) };
}

/** The ledger is written off the request path: wait (bounded) until it has `count` rows. */
async function ledgerCosts(userId: string, count: number): Promise<(string | null)[]> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const rows = await db()<{ cost: string | null }[]>`
			select cost_usd::text as cost from public.bedrock_usage where user_id = ${userId}`;
		if (rows.length >= count || Date.now() > deadline) return rows.map((r) => r.cost);
		await new Promise((r) => setTimeout(r, 100));
	}
}

const MODEL_CALLS = new Set([
	'Converse',
	'ConverseStream',
	'InvokeModel',
	'InvokeModelWithResponseStream'
]);

/** Polls `condition` (bounded): the server settles off the client's request. */
async function until(condition: () => Promise<boolean>, timeoutMs = 15_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 50));
	}
}

async function awsCalls(accessKeyId: string) {
	return (await emulator().requests({ accessKeyId })).filter((r) => MODEL_CALLS.has(r.operation));
}

const setBudget = (
	userId: string,
	monthlyUsd: number | null,
	requestsPerMinute: number | null = null
) => api(admin).budgets.set.mutate({ userId, monthlyUsd, requestsPerMinute });

describe('a budget under concurrency', () => {
	it('lets at most the calls that fit through when 30 race across two instances', async () => {
		const { user, key } = await userWithSavedKey();
		// About $0.03 at most per call, so whole cents can fit 10 and not 11.
		const input = converse(2000, SONNET);
		const maxCost = maxCostUsd(SONNET, converseMaxTokens(input));
		expect(maxCost).not.toBeNull();
		// Whole cents that fit 10 calls at their maximum cost, and not 11.
		const limit = Math.ceil(maxCost! * 10.5 * 100) / 100;
		expect(limit).toBeGreaterThanOrEqual(maxCost! * 10);
		expect(limit).toBeLessThan(maxCost! * 11);
		await setBudget(user.id, limit);
		// Every Converse with this key takes 5 s at "AWS": all 30 overlap.
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 5000,
			match: { accessKeyId: key.accessKeyId, operation: 'Converse' }
		});

		let polling = true;
		const seen: number[] = [];
		const poller = (async () => {
			while (polling) {
				const { spent, reserved } = await spendOf(user.id);
				seen.push(spent + reserved);
				await new Promise((r) => setTimeout(r, 20));
			}
		})();
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, i) =>
				post(instances[i % 2]!.url, 'invoke.converse', input, user.accessToken)
			)
		);
		polling = false;
		await poller;

		const ok = results.filter((r) => r.status === 200);
		const refused = results.filter((r) => r.status === 402);
		const outcomes = JSON.stringify(results.map((r) => [r.status, r.body.error?.message]));
		expect(ok.length, outcomes).toBeGreaterThan(0);
		expect(ok.length).toBeLessThanOrEqual(10);
		expect(refused).toHaveLength(30 - ok.length);
		expect(refused[0]?.body.error).toMatchObject({
			message: expect.stringMatching(/more than is left of your monthly budget.*ask an admin/),
			data: {
				code: 'PAYMENT_REQUIRED',
				budget: {
					limitUsd: limit,
					spentUsd: expect.any(Number),
					reservedUsd: expect.any(Number),
					resetsAt: expect.stringMatching(/^\d{4}-\d{2}-01T00:00:00\.000Z$/)
				}
			}
		});
		expect(seen.length).toBeGreaterThan(5);
		expect(Math.max(...seen)).toBeLessThanOrEqual(limit);
		// Refused calls never reached AWS.
		expect(await awsCalls(key.accessKeyId)).toHaveLength(ok.length);

		// Afterwards nothing stays reserved, and spent is what the ledger says the calls cost.
		const costs = await ledgerCosts(user.id, ok.length);
		expect(costs).toHaveLength(ok.length);
		expect(costs.every((c) => c !== null)).toBe(true);
		const ledgerTotal = costs.reduce((sum, c) => sum + Number(c), 0);
		const after = await spendOf(user.id);
		expect(after.reserved).toBe(0);
		expect(after.spent).toBeCloseTo(ledgerTotal, 8);
		expect(after.spent).toBeGreaterThan(0);
		const own = await api(user).budgets.get.query();
		expect(own).toMatchObject({ limitUsd: limit, reservedUsd: 0, source: 'user' });
		expect(own.spentUsd).toBeCloseTo(ledgerTotal, 8);
	}, 60_000);
});

describe('refusals and releases', () => {
	it("releases a crashed server's reservation once it expires", async () => {
		const { user, key } = await userWithSavedKey();
		await setBudget(user.id, 0.01);
		// A server reserved the whole budget, then died without settling.
		await db()`select * from private.reserve_budget(${user.id}::uuid, 0.01, 660, ${HAIKU})`;
		const blocked = await raw('mutation', 'invoke.converse', converse(50), user.accessToken);
		expect(blocked.status).toBe(402);
		expect(await awsCalls(key.accessKeyId)).toHaveLength(0);
		// Its expiry passes (moved rather than waited for).
		await db()`
			update public.bedrock_budget_reservations set expires_at = now() - interval '1 second'
			where user_id = ${user.id}`;
		const freed = await raw('mutation', 'invoke.converse', converse(50), user.accessToken);
		expect(freed.status).toBe(200);
		expect((await spendOf(user.id)).reserved).toBe(0);
	});

	it('releases the reservation of a call AWS refused, charging nothing', async () => {
		const { user, key } = await userWithSavedKey();
		await setBudget(user.id, 1);
		await emulator().addFault({
			kind: 'throttling',
			match: { accessKeyId: key.accessKeyId, operation: 'Converse' }
		});
		const failed = await raw('mutation', 'invoke.converse', converse(50), user.accessToken);
		expect(failed.body.error?.data.awsError).toBe('ThrottlingException');
		expect(await spendOf(user.id)).toEqual({ spent: 0, reserved: 0 });
	});

	it('settles a stream, and refuses one that cannot fit before it starts', async () => {
		const { user, key } = await userWithSavedKey();
		await setBudget(user.id, 0.01);
		const streamed = await rawStream('invoke.converseStream', converse(50), user.accessToken);
		expect(streamed.error).toBeUndefined();
		const after = await spendOf(user.id);
		expect(after.reserved).toBe(0);
		expect(after.spent).toBeGreaterThan(0);
		// Calls in flight elsewhere hold $0.006 of the $0.01: 4,096 tokens (about $0.005) cannot fit.
		await db()`select * from private.reserve_budget(${user.id}::uuid, 0.006, 660, ${HAIKU})`;
		const before = (await awsCalls(key.accessKeyId)).length;
		const refused = await rawStream('invoke.converseStream', converse(4096), user.accessToken);
		expect(refused.error?.data.code).toBe('PAYMENT_REQUIRED');
		expect(await awsCalls(key.accessKeyId)).toHaveLength(before);
	});

	it('charges a stream the client abandons at its reserved maximum, and holds nothing after', async () => {
		const { user, key } = await userWithSavedKey();
		await setBudget(user.id, 1);
		// The stream waits 3 s at "AWS": the client leaves before any token arrives.
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 3000,
			match: { accessKeyId: key.accessKeyId }
		});
		const input = converse(100);
		const maxCost = maxCostUsd(HAIKU, converseMaxTokens(input))!;
		const controller = new AbortController();
		const url = `${testEnv().APP_URL}/api/trpc/invoke.converseStream?input=${encodeURIComponent(JSON.stringify(input))}`;
		const stream = recordingFetch(url, {
			headers: { accept: 'text/event-stream', authorization: `Bearer ${user.accessToken}` },
			signal: controller.signal
		}).then(
			(response) => response.body?.cancel(),
			() => {}
		);
		await until(async () => (await spendOf(user.id)).reserved > 0);
		controller.abort();
		await stream;
		await until(async () => (await spendOf(user.id)).reserved === 0);
		// Tokens unknown (AWS never sent its usage event), so the maximum is charged, never 0.
		expect((await spendOf(user.id)).spent).toBeCloseTo(maxCost, 8);
	});

	it('refuses a model without a known price under a budget, naming it; never as free', async () => {
		const { user, key } = await userWithSavedKey();
		await setBudget(user.id, 5);
		const refused = await raw(
			'mutation',
			'invoke.converse',
			converse(50, CLAUDE_V2),
			user.accessToken
		);
		expect(refused.status).toBe(402);
		expect(refused.body.error?.message).toMatch(
			/No price is known for anthropic\.claude-v2.*ask an admin to allow unpriced models/
		);
		const native = await raw(
			'mutation',
			'invoke.invokeModel',
			{
				modelId: CLAUDE_V2,
				body: { prompt: '\n\nHuman: Hi\n\nAssistant:', max_tokens_to_sample: 20 }
			},
			user.accessToken
		);
		expect(native.status).toBe(402);
		expect(await awsCalls(key.accessKeyId)).toHaveLength(0);
	});
});

describe('the per-user rate', () => {
	it("holds at the user's own requests per minute, with a retry time, then resets", async () => {
		const { user, key } = await userWithSavedKey();
		await setBudget(user.id, null, 3);
		for (let i = 0; i < 3; i++)
			expect((await raw('mutation', 'invoke.converse', converse(5), user.accessToken)).status).toBe(
				200
			);
		const refused = await raw('mutation', 'invoke.converse', converse(5), user.accessToken);
		expect(refused.status).toBe(429);
		expect(refused.body.error).toMatchObject({
			message: expect.stringMatching(/all 3 model calls/),
			data: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) }
		});
		expect(await awsCalls(key.accessKeyId)).toHaveLength(3);
		await db()`
			update private.rate_limit_windows
			set window_started_at = window_started_at - interval '61 seconds'
			where bucket = ${`invoke:${user.id}`}`;
		expect((await raw('mutation', 'invoke.converse', converse(5), user.accessToken)).status).toBe(
			200
		);
	});
});

describe("a budget set while this instance holds a lease of the user's calls", () => {
	it('applies to the very next call: the lease is dropped, the call is reserved and charged', async () => {
		const { user } = await userWithSavedKey();
		const calls = async () => {
			const [row] = await db()<{ calls: number }[]>`
				select calls from private.rate_limit_windows where bucket = ${`invoke:${user.id}`}`;
			return row?.calls;
		};
		// No budget: the first call leases the next five to this instance.
		expect((await raw('mutation', 'invoke.converse', converse(5), user.accessToken)).status).toBe(
			200
		);
		expect(await calls()).toBe(6);
		expect(await spendOf(user.id)).toEqual({ spent: 0, reserved: 0 });

		await setBudget(user.id, 5);
		expect((await raw('mutation', 'invoke.converse', converse(5), user.accessToken)).status).toBe(
			200
		);
		// Decided in Postgres (one more call counted, none leased), and charged to the budget.
		expect(await calls()).toBe(7);
		const spend = await spendOf(user.id);
		expect(spend.spent).toBeGreaterThan(0);
		expect(spend.reserved).toBe(0);
	});
});

describe('budgets.*', () => {
	it('shows users their own budget and refuses them the admin procedures', async () => {
		const user = await newUser();
		const mine = await api(user).budgets.get.query();
		expect(mine).toMatchObject({ limitUsd: null, remainingUsd: null, source: 'none', spentUsd: 0 });
		await setBudget(user.id, 2.5, 10);
		expect(await api(user).budgets.get.query()).toMatchObject({
			limitUsd: 2.5,
			remainingUsd: 2.5,
			source: 'user',
			requestsPerMinute: 10,
			requestsPerMinuteSource: 'user'
		});
		for (const [path, input] of [
			['budgets.set', { userId: user.id, monthlyUsd: 1000, requestsPerMinute: null }],
			[
				'budgets.setDefault',
				{ monthlyUsd: null, requestsPerMinute: null, allowUnpricedModels: true }
			]
		] as const) {
			const result = await raw('mutation', path, input, user.accessToken);
			expect(result.body.error?.data.code).toBe('FORBIDDEN');
		}
		const list = await raw('query', 'budgets.list', undefined, user.accessToken);
		expect(list.body.error?.data.code).toBe('FORBIDDEN');
	});

	it('lists every user for admins and audits each change', async () => {
		const user = await newUser();
		await setBudget(user.id, 7.25, null);
		const list = await api(admin).budgets.list.query();
		expect(list.users.find((u) => u.userId === user.id)).toMatchObject({
			email: user.email,
			ownMonthlyUsd: 7.25,
			ownRequestsPerMinute: null,
			limitUsd: 7.25
		});
		await setBudget(user.id, null, null);
		const entries = await api(admin).audit.list.query({ userId: user.id });
		expect(entries.entries.map((e) => e.action)).toEqual(['budget.cleared', 'budget.set']);
		expect(entries.entries[1]?.details.budget).toEqual({
			monthlyUsd: 7.25,
			requestsPerMinute: null
		});
	});

	it('refuses bad values with field errors', async () => {
		const user = await newUser();
		const result = await raw(
			'mutation',
			'budgets.set',
			{ userId: user.id, monthlyUsd: -1, requestsPerMinute: 0.5 },
			admin.accessToken
		);
		expect(result.status).toBe(400);
		expect(result.body.error?.data.zodError?.fieldErrors).toMatchObject({
			monthlyUsd: [expect.stringMatching(/must not be negative/)],
			requestsPerMinute: [expect.stringMatching(/whole number/)]
		});
	});
});

describe('connection.test under a budget (its invocations are billed)', () => {
	const invokeChecks = (result: { checks: { id: string; status: string; message: string }[] }) =>
		result.checks.filter((check) => check.id.startsWith('invoke'));

	it('refuses the invocations that cannot fit, before AWS, and still runs the free checks', async () => {
		const { user, key } = await userWithSavedKey();
		await setBudget(user.id, 0);
		const result = await api(user).connection.test.mutate({ includeInvocation: true });
		expect(result.checks.filter((c) => !c.id.startsWith('invoke')).map((c) => c.status)).toEqual([
			'pass',
			'pass',
			'pass',
			'pass'
		]);
		for (const check of invokeChecks(result)) {
			expect(check.status).toBe('skip');
			expect(check.message).toMatch(/^Not run: This call could cost up to \$[\d.]+, more than/);
		}
		expect(await awsCalls(key.accessKeyId)).toHaveLength(0);
		expect(await spendOf(user.id)).toEqual({ spent: 0, reserved: 0 });
	});

	it('charges what the ledger recorded for both invocations and holds nothing after', async () => {
		const { user, key } = await userWithSavedKey();
		await setBudget(user.id, 1);
		const result = await api(user).connection.test.mutate({ includeInvocation: true });
		expect(invokeChecks(result).map((c) => c.status)).toEqual(['pass', 'pass']);
		expect(await awsCalls(key.accessKeyId)).toHaveLength(2);
		const costs = await ledgerCosts(user.id, 2);
		expect(costs).toHaveLength(2);
		expect(costs.every((cost) => cost !== null && Number(cost) > 0)).toBe(true);
		const after = await spendOf(user.id);
		expect(after.reserved).toBe(0);
		expect(after.spent).toBeCloseTo(
			costs.reduce((sum, cost) => sum + Number(cost), 0),
			8
		);
	});

	it('takes one per-minute slot per test, not one more for its budget hold', async () => {
		const { user } = await userWithSavedKey();
		await setBudget(user.id, 1, 2);
		for (let i = 0; i < 2; i++) {
			const result = await api(user).connection.test.mutate({ includeInvocation: true });
			expect(invokeChecks(result).map((c) => c.status)).toEqual(['pass', 'pass']);
		}
		await expect(
			api(user).connection.test.mutate({ includeInvocation: true })
		).rejects.toMatchObject({ data: { code: 'TOO_MANY_REQUESTS' } });
	});
});
