// The server's own decisions before and after a model call (db/budgets.ts, db/rate-limits.ts,
// through db/pipelined.ts `serverDecision`): each costs one round trip, counted on the wire;
// private.admit_invoke takes the per-minute slot and reserves the budget together, and holds
// under concurrency from two pools; a reservation that commits after its caller heard
// "timeout" is released, so it never blocks a budget until it expires.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, type Sql } from '../../../src/lib/server/db/client';
import { admitInvoke, reserveBudget, settleBudget } from '../../../src/lib/server/db/budgets';
import { takeRateLimitSlot } from '../../../src/lib/server/db/rate-limits';
import { DependencyError } from '../../../src/lib/server/resilience/dependency-error';
import { createTestDatabase, type TestDatabase } from './database';
import { insertUser } from '../../helpers/factories';
import { startWireCounter, type WireCounter } from './wire-counter';

// Short, so the late-commit case stays quick (read once, on the first guarded call), yet far
// above what 30 racing reservations need on a loaded machine.
const QUERY_MS = 2_000;
process.env.DB_QUERY_TIMEOUT_MS = String(QUERY_MS);

let db: TestDatabase;
let wire: WireCounter;
let counted: Sql;
let otherInstance: Sql;

beforeAll(async () => {
	db = await createTestDatabase();
	wire = await startWireCounter(db.url);
	counted = createSql(wire.url, { max: 1 });
	await counted`select 1`; // connect and authenticate before counting
	otherInstance = createSql(db.url, { max: 8 });
});

afterAll(async () => {
	await counted?.end({ timeout: 5 });
	await otherInstance?.end({ timeout: 5 });
	await wire?.close();
	await db?.close();
});

const TTL = 660;

async function withBudget(monthlyUsd: number | null, requestsPerMinute: number | null = null) {
	const user = await insertUser(db.owner);
	await db.owner`
		insert into public.bedrock_budgets (user_id, monthly_usd, requests_per_minute)
		values (${user.id}, ${monthlyUsd}, ${requestsPerMinute})`;
	return user;
}

async function figures(userId: string) {
	const [row] = await db.owner<{ reserved: string; spent: string; open: number }[]>`
		select coalesce(max(s.reserved_usd), 0)::text as reserved,
		       coalesce(max(s.spent_usd), 0)::text as spent,
		       (select count(*)::int from public.bedrock_budget_reservations r
		        where r.user_id = ${userId}) as open
		from public.bedrock_budget_spend s where s.user_id = ${userId}`;
	return { reserved: Number(row?.reserved), spent: Number(row?.spent), open: row?.open };
}

const admit = (userId: string, estimateUsd: number | null, sql: Sql = db.owner) =>
	admitInvoke(
		{ userId, serverLimit: 1000, estimateUsd, ttlSeconds: TTL, modelId: "it's a model" },
		{ sql }
	);

/** Bursts the client wrote while `run` ran (and shortly after, for anything not awaited). */
async function burstsOf(run: () => Promise<unknown>): Promise<number> {
	await new Promise((resolve) => setTimeout(resolve, 30));
	const before = wire.bursts();
	await run();
	await new Promise((resolve) => setTimeout(resolve, 30));
	return wire.bursts() - before;
}

describe('one round trip each', () => {
	it('admits, reserves and settles a call, and takes a rate-limit slot', async () => {
		const user = await withBudget(5);
		let reservation: Awaited<ReturnType<typeof admit>> | undefined;
		expect(await burstsOf(async () => (reservation = await admit(user.id, 0.25, counted)))).toBe(1);
		if (!reservation || !('budget' in reservation)) throw new Error('the call was not admitted');
		expect(reservation.budget.outcome).toBe('reserved');
		expect(Number(reservation.budget.reserved_usd)).toBe(0.25);
		const reservationId = reservation.budget.reservation_id as string;
		const month = reservation.budget.month;

		const settle = () =>
			settleBudget({ reservationId, userId: user.id, month, actualUsd: 0.125 }, { sql: counted });
		expect(await burstsOf(settle)).toBe(1);
		expect(await figures(user.id)).toEqual({ reserved: 0, spent: 0.125, open: 0 });

		expect(
			await burstsOf(() => takeRateLimitSlot(`probe:${user.id}`, 5, 60, { sql: counted }))
		).toBe(1);
	});

	it('reports the failing statement and leaves the connection usable', async () => {
		await expect(
			settleBudget(
				{ reservationId: 'not-a-uuid', userId: 'x', month: '2026-11-01', actualUsd: 1 },
				{ sql: counted }
			)
		).rejects.toThrow(/Not a uuid/);
		await expect(
			reserveBudget(
				{ userId: (await insertUser(db.owner)).id, estimateUsd: -1, ttlSeconds: TTL, modelId: 'm' },
				{ sql: counted }
			)
		).rejects.toThrow(/must not be negative/);
		const user = await insertUser(db.owner);
		expect(await admit(user.id, 1, counted)).toMatchObject({
			slot: { allowed: true },
			budget: { outcome: 'unlimited' }
		});
	});
});

describe('durability', () => {
	/** The statements `run` sent, as postgres.js's debug hook saw them. */
	async function statementsOf(run: (sql: Sql) => Promise<unknown>): Promise<string[]> {
		const seen: string[] = [];
		const recording = postgres(db.url, {
			max: 1,
			prepare: false,
			onnotice: () => {},
			debug: (_connection, query) => seen.push(query)
		});
		try {
			await run(recording);
		} finally {
			await recording.end({ timeout: 5 });
		}
		return seen;
	}
	const asyncCommit = (statements: string[]) =>
		statements.some((q) => q.includes("set_config('synchronous_commit', 'off', true)"));

	it('admits, reserves and takes slots without waiting for the WAL flush', async () => {
		const user = await withBudget(10);
		expect(asyncCommit(await statementsOf((sql) => admit(user.id, 0.01, sql)))).toBe(true);
		expect(
			asyncCommit(
				await statementsOf((sql) =>
					reserveBudget(
						{ userId: user.id, estimateUsd: 0.01, ttlSeconds: TTL, modelId: 'm' },
						{ sql }
					)
				)
			)
		).toBe(true);
		expect(
			asyncCommit(
				await statementsOf((sql) => takeRateLimitSlot(`durable-${user.id}`, 5, 60, { sql }))
			)
		).toBe(true);
	});

	it('sends each decision as one statement: no begin, setup or commit besides it', async () => {
		const user = await withBudget(10);
		const transactionControl = (statements: string[]) =>
			statements.filter(
				(q) => /^\s*(begin|commit|rollback)\b/i.test(q) || q.includes('set_config')
			);
		const admitted = await statementsOf((sql) => admit(user.id, 0.01, sql));
		const decisions = admitted.filter((q) => q.includes('admit_invoke'));
		expect(decisions).toHaveLength(1);
		// The commit mode is set inside the decision's own statement, nowhere else.
		expect(transactionControl(admitted)).toEqual(decisions);
		const held = await admit(user.id, 0.01);
		if (!('budget' in held) || !held.budget.reservation_id) throw new Error('not reserved');
		const settled = await statementsOf((sql) =>
			settleBudget(
				{
					reservationId: held.budget.reservation_id as string,
					userId: user.id,
					month: held.budget.month,
					actualUsd: 0
				},
				{ sql }
			)
		);
		expect(settled.filter((q) => q.includes('settle_budget'))).toHaveLength(1);
		expect(transactionControl(settled)).toEqual([]);
	});

	it('settles durably: a settlement moves money into spent_usd', async () => {
		const user = await withBudget(10);
		const held = await admit(user.id, 0.01);
		if (!('budget' in held) || !held.budget.reservation_id) throw new Error('not reserved');
		const { reservation_id, month } = held.budget;
		const statements = await statementsOf((sql) =>
			settleBudget(
				{ reservationId: reservation_id, userId: user.id, month, actualUsd: 0.005 },
				{ sql }
			)
		);
		expect(statements.some((q) => q.includes('settle_budget'))).toBe(true);
		expect(asyncCommit(statements)).toBe(false);
		expect(await figures(user.id)).toMatchObject({ spent: 0.005, reserved: 0, open: 0 });
	});
});

describe('admit_invoke', () => {
	it('reserves nothing for a call the per-minute limit refuses', async () => {
		const user = await withBudget(10, 2);
		for (let i = 0; i < 2; i++) {
			expect(await admit(user.id, 1)).toMatchObject({ budget: { outcome: 'reserved' } });
		}
		const refused = await admit(user.id, 1);
		expect(refused).toMatchObject({ slot: { allowed: false, limit: 2 } });
		expect('budget' in refused).toBe(false);
		if (!refused.slot.allowed) expect(refused.slot.retryAfterMs).toBeGreaterThan(0);
		expect(await figures(user.id)).toMatchObject({ reserved: 2, open: 2 });
	});

	it('lets exactly the calls that fit through when 30 race from two instances', async () => {
		const user = await withBudget(1.05);
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, i) => admit(user.id, 0.1, i % 2 ? otherInstance : db.owner))
		);
		const outcomes = results.map((r) => ('budget' in r ? r.budget.outcome : 'rate'));
		expect(outcomes.filter((o) => o === 'reserved')).toHaveLength(10);
		expect(outcomes.filter((o) => o === 'refused')).toHaveLength(20);
		expect(await figures(user.id)).toEqual({ reserved: 1, spent: 0, open: 10 });
	});

	it('is the server’s alone: an API role may not call it', async () => {
		const user = await insertUser(db.owner);
		await expect(
			db.owner.begin(async (tx) => {
				await tx`set local role authenticated`;
				await tx`select * from private.admit_invoke(${user.id}::uuid, 60, 1, 60, 'm')`;
			})
		).rejects.toMatchObject({ code: '42501' });
	});
});

describe('admit_invoke_leasing', () => {
	const lease = (userId: string, serverLimit: number, leaseMax: number, sql: Sql = db.owner) =>
		admitInvoke(
			{ userId, serverLimit, estimateUsd: 0.01, ttlSeconds: TTL, modelId: 'm', leaseMax },
			{ sql }
		);
	const windowCalls = async (userId: string) => {
		const [row] = await db.owner<{ calls: number }[]>`
			select calls from private.rate_limit_windows where bucket = ${`invoke:${userId}`}`;
		return row?.calls;
	};

	it('leases a tenth of what is left of the minute to a user without a budget only', async () => {
		const free = await insertUser(db.owner);
		const admitted = await lease(free.id, 100, 50);
		expect(admitted).toMatchObject({ budget: { outcome: 'unlimited' }, lease: { calls: 9 } });
		if (!('lease' in admitted) || !admitted.lease) throw new Error('no lease');
		expect(admitted.lease.validMs).toBeGreaterThan(55_000);
		expect(admitted.lease.validMs).toBeLessThanOrEqual(60_000);
		expect(await windowCalls(free.id)).toBe(10); // the call itself and the nine leased
		expect(await lease(free.id, 100, 5)).toMatchObject({ lease: { calls: 4 } }); // at most 5 in all
		expect(await windowCalls(free.id)).toBe(15);

		const budgeted = await withBudget(10);
		expect(await lease(budgeted.id, 100, 50)).toMatchObject({
			budget: { outcome: 'reserved' },
			lease: null
		});
		expect(await windowCalls(budgeted.id)).toBe(1);

		const unleased = await insertUser(db.owner);
		expect(await lease(unleased.id, 100, 1)).toMatchObject({ lease: null });
		expect(await windowCalls(unleased.id)).toBe(1);
	});

	it('never lets more than the limit through, leases included, when two instances race', async () => {
		const user = await withBudget(null, 37);
		let admitted = 0;
		for (let round = 0; round < 40; round++) {
			const results = await Promise.all(
				Array.from({ length: 8 }, (_, i) =>
					lease(user.id, 1000, 50, i % 2 ? otherInstance : db.owner)
				)
			);
			const granted = results.map((r) => ('lease' in r ? 1 + (r.lease?.calls ?? 0) : 0));
			admitted += granted.reduce((a, b) => a + b, 0);
			if (granted.every((g) => g === 0)) break;
		}
		expect(admitted).toBe(37);
		expect(await windowCalls(user.id)).toBe(37);
	});

	it('is the server’s alone: an API role may not call it', async () => {
		const user = await insertUser(db.owner);
		await expect(
			db.owner.begin(async (tx) => {
				await tx`set local role authenticated`;
				await tx`select * from private.admit_invoke_leasing(${user.id}::uuid, 60, 1, 60, 'm', 50)`;
			})
		).rejects.toMatchObject({ code: '42501' });
	});
});

describe('a reservation that commits after its caller gave up', () => {
	it('is released at once, not left holding the budget until it expires', async () => {
		const user = await withBudget(1);
		// The month's row exists, so the reservation waits on its lock.
		const first = await admit(user.id, 0.5);
		if (!('budget' in first)) throw new Error('not admitted');
		await settleBudget(
			{
				reservationId: first.budget.reservation_id as string,
				userId: user.id,
				month: first.budget.month,
				actualUsd: 0
			},
			{ sql: db.owner }
		);

		let unlock!: () => void;
		const locked = new Promise<void>((resolve) => (unlock = resolve));
		let held!: () => void;
		const holding = new Promise<void>((resolve) => (held = resolve));
		const blocker = otherInstance.begin(async (tx) => {
			await tx`select 1 from public.bedrock_budget_spend where user_id = ${user.id} for update`;
			held();
			await locked;
		});
		await holding;

		const started = performance.now();
		const answer = await admit(user.id, 0.5).catch((error: unknown) => error);
		expect(answer).toBeInstanceOf(DependencyError);
		expect(answer).toMatchObject({ dependency: 'database', fault: 'timeout' });
		expect(performance.now() - started).toBeLessThan(QUERY_MS + 2_000);

		unlock();
		await blocker;
		// The reservation commits now, after the caller heard "timeout". Wait until it has run
		// (it is the server's statement still open on the database), then for its release.
		const deadline = Date.now() + 5_000;
		const stillRunning = async () => {
			const [row] = await db.owner<{ n: number }[]>`
				select count(*)::int as n from pg_stat_activity
				where query like '%admit_invoke%' and state <> 'idle' and pid <> pg_backend_pid()`;
			return (row?.n ?? 0) > 0;
		};
		while ((await stillRunning()) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		let seen = await figures(user.id);
		while ((seen.open !== 0 || seen.reserved !== 0) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
			seen = await figures(user.id);
		}
		expect(seen).toEqual({ reserved: 0, spent: 0, open: 0 });
	});
});
