/**
 * SIGTERM with budgeted calls in flight: an app instance stopped mid-call leaves no open
 * reservation (nothing waits for the reservation's expiry to free the user's budget), charges
 * what AWS may bill (the reserved maximum: the calls were cut short), and both calls' ledger
 * rows are written before the process exits: a rolling deploy loses no row.
 *
 * Two calls are held at "AWS" by a per-key latency fault, longer than the instance's drain time.
 * When the drain time is over, the shutdown ends both: the stream with a "server restarting"
 * event, the plain Converse with SERVICE_UNAVAILABLE; each records and settles itself. The
 * `budget-reservations` drain task (settleOpenHolds) is the safety net for a hold that is still
 * open after that; it is tested on its own below.
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
	userWithSavedKey,
	type ApiUser
} from './harness';
import { startExtraApp, type ExtraApp } from './extra-app';
import { holdBudget, settleOpenHolds } from '../../../src/lib/server/budgets/hold';
import { drainTaskNames } from '../../../src/lib/server/resilience/drain';
import { closeSql } from '../../../src/lib/server/db/client';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const input: ConverseInput = {
	modelId: HAIKU,
	messages: [{ role: 'user', content: 'Say hello' }],
	inferenceConfig: { maxTokens: 100 }
};

let admin: ApiUser;
let instance: ExtraApp;

beforeAll(async () => {
	admin = await newUser({ admin: true });
	// A short drain, so the plain call is still at "AWS" when the drain tasks run.
	instance = await startExtraApp({ SHUTDOWN_DRAIN_MS: '300' });
}, 60_000);
afterAll(async () => {
	await instance.stop();
	await finishApiSuite();
	await closeSql();
});

async function budgetState(userId: string) {
	const [spend] = await db()<{ spent: string; reserved: string }[]>`
		select spent_usd::text as spent, reserved_usd::text as reserved
		from public.bedrock_budget_spend where user_id = ${userId}`;
	const [open] = await db()<{ n: number }[]>`
		select count(*)::int as n from public.bedrock_budget_reservations where user_id = ${userId}`;
	return {
		spent: Number(spend?.spent ?? 0),
		reserved: Number(spend?.reserved ?? 0),
		openReservations: open?.n ?? 0
	};
}

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('SIGTERM with budgeted calls in flight', () => {
	it('settles every reservation before exiting and records the interrupted stream', async () => {
		const { user, key } = await userWithSavedKey();
		await api(admin).budgets.set.mutate({
			userId: user.id,
			monthlyUsd: 1,
			requestsPerMinute: null
		});
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 30_000,
			match: { accessKeyId: key.accessKeyId }
		});
		const maxCost = maxCostUsd(HAIKU, converseMaxTokens(input))!;
		expect(maxCost).toBeGreaterThan(0);
		const auth = { authorization: `Bearer ${user.accessToken}` };

		const plain = fetch(`${instance.url}/api/trpc/invoke.converse`, {
			method: 'POST',
			headers: { ...auth, 'content-type': 'application/json' },
			body: JSON.stringify(input)
		}).then(
			(response) => response.status,
			() => 'connection closed'
		);
		const stream = fetch(
			`${instance.url}/api/trpc/invoke.converseStream?input=${encodeURIComponent(JSON.stringify(input))}`,
			{ headers: { ...auth, accept: 'text/event-stream' } }
		).then(
			(response) => response.text(),
			() => ''
		);
		// Both reserved (so both are past the budget check and waiting at "AWS").
		await until(async () => (await budgetState(user.id)).openReservations === 2);

		await instance.stop();
		// Both were told why they ended, while the process was still there to say it.
		expect(await stream).toContain('server_restarting');
		expect(await plain).toBe(503);

		// Nothing left open, and both calls charged what AWS may bill for them.
		const after = await budgetState(user.id);
		expect(after.openReservations).toBe(0);
		expect(after.reserved).toBe(0);
		expect(after.spent).toBeCloseTo(2 * maxCost, 8);
		expect(instance.output()).toMatch(/drain task budget-reservations: done/);
		// The ledger queue was flushed by the drain too: both calls' rows are there.
		const rows = await db()<{ operation: string; status: string }[]>`
			select operation, status from public.bedrock_usage where user_id = ${user.id}`;
		expect(rows).toContainEqual({ operation: 'converse_stream', status: 'aborted' });
		expect(rows).toContainEqual({ operation: 'converse', status: 'aborted' });
	}, 60_000);

	it('settles, as the drain task, a hold its call never settled', async () => {
		expect(drainTaskNames()).toContain('budget-reservations');
		const user = await newUser();
		await api(admin).budgets.set.mutate({
			userId: user.id,
			monthlyUsd: 1,
			requestsPerMinute: null
		});
		const hold = await holdBudget(user.id, HAIKU, 0.01);
		expect(await budgetState(user.id)).toEqual({ spent: 0, reserved: 0.01, openReservations: 1 });

		await settleOpenHolds();
		expect(await budgetState(user.id)).toEqual({ spent: 0.01, reserved: 0, openReservations: 0 });
		// Settled once: the call's own settlement, should it come later, changes nothing.
		await hold.settle({ kind: 'answered', costUsd: 0.002 });
		expect(await budgetState(user.id)).toEqual({ spent: 0.01, reserved: 0, openReservations: 0 });
	});
});
