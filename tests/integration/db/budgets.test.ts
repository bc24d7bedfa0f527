// Budgets in Postgres (20261129125431_create_bedrock_budgets.sql): reservations that hold under
// concurrency from two pools (two app instances), settlement, expiry of a crashed server's
// reservations, unpriced models, defaults, the per-user rate, RLS and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, type Sql } from '../../../src/lib/server/db/client';
import { withUserRls } from '../../../src/lib/server/db/rls';
import {
	reserveBudget,
	selectBudgetStatus,
	settleBudget,
	takeInvokeSlot,
	writeBudgetDefaults,
	writeUserBudget
} from '../../../src/lib/server/db/budgets';
import { createTestDatabase, type TestDatabase } from './database';
import { insertUser, type DbUser } from '../../helpers/factories';

let db: TestDatabase;
let otherInstance: Sql;

beforeAll(async () => {
	db = await createTestDatabase();
	otherInstance = createSql(db.url, { max: 8 });
});
afterAll(async () => {
	await otherInstance?.end({ timeout: 5 });
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

const reserve = (user: DbUser, estimateUsd: number | null, sql: Sql = db.owner) =>
	reserveBudget({ userId: user.id, estimateUsd, ttlSeconds: TTL, modelId: 'm' }, { sql });

async function spend(userId: string) {
	const [row] = await db.owner<{ spent: string; reserved: string }[]>`
		select spent_usd::text as spent, reserved_usd::text as reserved
		from public.bedrock_budget_spend where user_id = ${userId}`;
	return { spent: Number(row?.spent ?? 0), reserved: Number(row?.reserved ?? 0) };
}

describe('reserve_budget', () => {
	it('lets exactly the calls that fit through when 30 race from two instances', async () => {
		const user = await withBudget(1.05);
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, i) => reserve(user, 0.1, i % 2 ? otherInstance : db.owner))
		);
		expect(results.filter((r) => r.outcome === 'reserved')).toHaveLength(10);
		expect(results.filter((r) => r.outcome === 'refused')).toHaveLength(20);
		expect(await spend(user.id)).toEqual({ spent: 0, reserved: 1 });
		const [open] = await db.owner<{ n: number }[]>`
			select count(*)::int as n from public.bedrock_budget_reservations where user_id = ${user.id}`;
		expect(open?.n).toBe(10);
	});

	it('settles: the reservation goes, the actual cost stays, in the month it was made', async () => {
		const user = await withBudget(1);
		const held = await reserve(user, 0.4);
		expect(held.outcome).toBe('reserved');
		expect(held.month).toMatch(/^\d{4}-\d{2}-01$/);
		await settleBudget(
			{
				reservationId: held.reservation_id!,
				userId: user.id,
				month: held.month,
				actualUsd: 0.0123
			},
			{ sql: db.owner }
		);
		expect(await spend(user.id)).toEqual({ spent: 0.0123, reserved: 0 });
		// Room again for what no longer is reserved.
		expect((await reserve(user, 0.98)).outcome).toBe('reserved');
		expect((await reserve(user, 0.01)).outcome).toBe('refused');
	});

	it('refuses with the figures and the UTC reset time', async () => {
		const user = await withBudget(0.5);
		await reserve(user, 0.3);
		const refused = await reserve(user, 0.3);
		expect(refused).toMatchObject({
			outcome: 'refused',
			reservation_id: null,
			limit_usd: '0.50',
			spent_usd: '0.00000000',
			reserved_usd: '0.30000000'
		});
		const resets = new Date(refused.resets_at);
		expect(resets.getUTCDate()).toBe(1);
		expect(resets.getUTCHours()).toBe(0);
		expect(resets.getTime()).toBeGreaterThan(Date.now());
	});

	it("releases a crashed server's reservation once it has expired", async () => {
		const user = await withBudget(1);
		expect((await reserve(user, 0.9)).outcome).toBe('reserved');
		expect((await reserve(user, 0.2)).outcome).toBe('refused');
		// The server that held it died; its expiry passes (moved rather than waited for).
		await db.owner`
			update public.bedrock_budget_reservations set expires_at = now() - interval '1 second'
			where user_id = ${user.id}`;
		expect((await reserve(user, 0.2)).outcome).toBe('reserved');
		expect(await spend(user.id)).toEqual({ spent: 0, reserved: 0.2 });
	});

	it('settles a reservation that already expired without releasing it twice', async () => {
		const user = await withBudget(1);
		const held = await reserve(user, 0.5);
		await db.owner`
			update public.bedrock_budget_reservations set expires_at = now() - interval '1 second'
			where id = ${held.reservation_id}`;
		await reserve(user, 0.1); // releases the expired 0.5
		await settleBudget(
			{
				reservationId: held.reservation_id!,
				userId: user.id,
				month: held.month,
				actualUsd: 0.02
			},
			{ sql: db.owner }
		);
		expect(await spend(user.id)).toEqual({ spent: 0.02, reserved: 0.1 });
	});

	it('reserves nothing for a user without any budget', async () => {
		const user = await insertUser(db.owner);
		expect((await reserve(user, 5)).outcome).toBe('unlimited');
		expect(await spend(user.id)).toEqual({ spent: 0, reserved: 0 });
	});

	it('refuses an unpriced model under a budget unless admins allow unpriced models', async () => {
		const user = await withBudget(10);
		expect((await reserve(user, null)).outcome).toBe('unpriced_refused');
		await db.owner`update public.bedrock_budget_settings set allow_unpriced_models = true`;
		try {
			expect((await reserve(user, null)).outcome).toBe('unpriced_allowed');
		} finally {
			await db.owner`update public.bedrock_budget_settings set allow_unpriced_models = false`;
		}
		expect(await spend(user.id)).toEqual({ spent: 0, reserved: 0 });
	});

	it("starts the month's spend from the ledger, so calls made before the budget count", async () => {
		const user = await withBudget(1);
		await db.owner`
			select private.record_bedrock_usage(${db.owner.json([
				{
					user_id: user.id,
					model_id: 'm',
					region: 'us-east-1',
					operation: 'converse',
					status: 'ok',
					duration_ms: 1,
					cost_usd: 0.25
				},
				{
					user_id: user.id,
					model_id: 'm',
					region: 'us-east-1',
					operation: 'converse',
					status: 'ok',
					duration_ms: 1,
					cost_usd: null
				},
				{
					user_id: user.id,
					model_id: 'm',
					region: 'us-east-1',
					operation: 'converse',
					status: 'ok',
					duration_ms: 1,
					cost_usd: 9,
					created_at: '2020-01-15T00:00:00Z'
				}
			] as never)})`;
		expect((await reserve(user, 0.8)).outcome).toBe('refused');
		expect(await spend(user.id)).toEqual({ spent: 0.25, reserved: 0 });
	});

	it('applies the default to users without their own budget; their own value wins', async () => {
		const plain = await insertUser(db.owner);
		const own = await withBudget(5);
		await db.owner`update public.bedrock_budget_settings set default_monthly_usd = 0.1`;
		try {
			expect((await reserve(plain, 0.2)).outcome).toBe('refused');
			expect((await reserve(own, 0.2)).outcome).toBe('reserved');
		} finally {
			await db.owner`update public.bedrock_budget_settings set default_monthly_usd = null`;
		}
	});
});

describe('take_invoke_slot', () => {
	it("uses the user's own per-minute limit, else the server's", async () => {
		const limited = await withBudget(null, 2);
		expect(await takeInvokeSlot(limited.id, 60, { sql: db.owner })).toEqual({
			allowed: true,
			limit: 2
		});
		await takeInvokeSlot(limited.id, 60, { sql: db.owner });
		const refused = await takeInvokeSlot(limited.id, 60, { sql: db.owner });
		expect(refused).toMatchObject({ allowed: false, limit: 2 });
		const plain = await insertUser(db.owner);
		expect(await takeInvokeSlot(plain.id, 60, { sql: db.owner })).toEqual({
			allowed: true,
			limit: 60
		});
	});
});

describe('access', () => {
	const as = <T>(user: DbUser, fn: Parameters<typeof withUserRls<T>>[1]) =>
		withUserRls(user.claims, fn, { sql: db.owner });

	it('lets users read only their own budget and change nothing', async () => {
		const user = await withBudget(3);
		const other = await withBudget(7);
		await reserve(other, 1);
		const seen = await as(user, (tx) => tx`select user_id from public.bedrock_budgets`);
		expect(seen.map((r) => r.user_id)).toEqual([user.id]);
		const spendSeen = await as(user, (tx) => tx`select user_id from public.bedrock_budget_spend`);
		expect(spendSeen).toEqual([]);
		const status = await as(user, (tx) => selectBudgetStatus(tx, user.id));
		expect(status.own_monthly_usd).toBe('3.00');

		await expect(
			as(user, (tx) =>
				writeUserBudget(tx, { userId: user.id, monthlyUsd: 1000, requestsPerMinute: null })
			)
		).rejects.toMatchObject({ code: '42501' });
		expect(
			await as(user, (tx) =>
				writeBudgetDefaults(tx, {
					monthlyUsd: 1,
					requestsPerMinute: null,
					allowUnpricedModels: true
				})
			)
		).toBe(0);
		await expect(
			as(user, (tx) => tx`select * from private.reserve_budget(${user.id}::uuid, 0, 60, 'm')`)
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			as(user, (tx) => tx`update public.bedrock_budget_spend set spent_usd = 0`)
		).rejects.toMatchObject({ code: '42501' });
	});

	it('lets admins set and clear budgets and defaults, each change in the audit log', async () => {
		const admin = await insertUser(db.owner, { admin: true });
		const user = await insertUser(db.owner);
		await as(admin, (tx) =>
			writeUserBudget(tx, { userId: user.id, monthlyUsd: 12.5, requestsPerMinute: 30 })
		);
		await as(admin, (tx) =>
			writeUserBudget(tx, { userId: user.id, monthlyUsd: 20, requestsPerMinute: null })
		);
		await as(admin, (tx) =>
			writeUserBudget(tx, { userId: user.id, monthlyUsd: null, requestsPerMinute: null })
		);
		expect(
			await db.owner`select 1 from public.bedrock_budgets where user_id = ${user.id}`
		).toHaveLength(0);
		const entries = await db.owner<
			{ action: string; actor_id: string; details: Record<string, unknown> }[]
		>`
			select action, actor_id, details from public.audit_log
			where target_user_id = ${user.id} order by id`;
		expect(entries.map((e) => e.action)).toEqual(['budget.set', 'budget.set', 'budget.cleared']);
		expect(entries.every((e) => e.actor_id === admin.id)).toBe(true);
		expect(entries[1]?.details).toMatchObject({
			monthly_usd: 20,
			requests_per_minute: null,
			before: { monthly_usd: 12.5, requests_per_minute: 30 }
		});

		expect(
			await as(admin, (tx) =>
				writeBudgetDefaults(tx, {
					monthlyUsd: null,
					requestsPerMinute: null,
					allowUnpricedModels: false
				})
			)
		).toBe(1);
		const [defaultEntry] = await db.owner<{ action: string; actor_id: string }[]>`
			select action, actor_id from public.audit_log
			where action = 'budget.default_set' order by id desc limit 1`;
		expect(defaultEntry).toEqual({ action: 'budget.default_set', actor_id: admin.id });
	});
});
