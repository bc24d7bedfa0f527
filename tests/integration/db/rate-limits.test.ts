// private.rate_limit_windows and private.take_rate_limit_slot: the shared rate-limit decision.
// Atomic across connections (as across app instances), resets when the window has passed, and
// out of the API roles' reach (a user must not reset their own counter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createSql, type Sql } from '../../../src/lib/server/db/client';
import { withUserRls } from '../../../src/lib/server/db/rls';
import { rateLimitRetryAfterMs, takeRateLimitSlot } from '../../../src/lib/server/db/rate-limits';
import { createTestDatabase, type TestDatabase } from './database';
import { insertUser } from '../../helpers/factories';

let db: TestDatabase;
/** A second pool: calls from "another app instance". */
let otherInstance: Sql;

beforeAll(async () => {
	db = await createTestDatabase();
	otherInstance = createSql(db.url, { max: 6 });
});
afterAll(async () => {
	await otherInstance?.end({ timeout: 5 });
	await db?.close();
});

describe('take_rate_limit_slot', () => {
	it('allows `limit` calls in a window, then says when the window ends', async () => {
		const bucket = `test:${randomUUID()}`;
		for (let i = 0; i < 3; i++)
			expect(await takeRateLimitSlot(bucket, 3, 60, { sql: db.owner })).toEqual({ allowed: true });
		const refused = await takeRateLimitSlot(bucket, 3, 60, { sql: db.owner });
		expect(refused.allowed).toBe(false);
		if (refused.allowed) return;
		expect(refused.retryAfterMs).toBeGreaterThan(50_000);
		expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
	});

	it('starts a new window once the old one has passed', async () => {
		const bucket = `test:${randomUUID()}`;
		await takeRateLimitSlot(bucket, 1, 60, { sql: db.owner });
		expect((await takeRateLimitSlot(bucket, 1, 60, { sql: db.owner })).allowed).toBe(false);
		// A minute passes (moved on the row rather than waited for).
		await db.owner`
			update private.rate_limit_windows
			set window_started_at = window_started_at - interval '61 seconds'
			where bucket = ${bucket}`;
		expect(await takeRateLimitSlot(bucket, 1, 60, { sql: db.owner })).toEqual({ allowed: true });
		const [row] =
			await db.owner`select calls from private.rate_limit_windows where bucket = ${bucket}`;
		expect(row?.calls).toBe(1);
	});

	it('lets exactly `limit` of 20 simultaneous calls from two instances through', async () => {
		const bucket = `test:${randomUUID()}`;
		const pools = [db.owner, otherInstance];
		const decisions = await Promise.all(
			Array.from({ length: 20 }, (_, i) => takeRateLimitSlot(bucket, 5, 60, { sql: pools[i % 2] }))
		);
		expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
	});

	it('refuses a limit below 1 instead of refusing everything silently', async () => {
		await expect(takeRateLimitSlot('test:x', 0, 60, { sql: db.owner })).rejects.toMatchObject({
			code: '22023'
		});
	});
});

describe('rate_limit_retry_after_ms', () => {
	it('reads a spent window without taking a call, and 0 otherwise', async () => {
		const bucket = `test:${randomUUID()}`;
		expect(await rateLimitRetryAfterMs(bucket, 2, 60, { sql: db.owner })).toBe(0);
		await takeRateLimitSlot(bucket, 100, 60, { sql: db.owner });
		expect(await rateLimitRetryAfterMs(bucket, 2, 60, { sql: db.owner })).toBe(0);
		await takeRateLimitSlot(bucket, 100, 60, { sql: db.owner });
		const wait = await rateLimitRetryAfterMs(bucket, 2, 60, { sql: db.owner });
		expect(wait).toBeGreaterThan(50_000);
		expect(wait).toBeLessThanOrEqual(60_000);
		const [row] =
			await db.owner`select calls from private.rate_limit_windows where bucket = ${bucket}`;
		expect(row?.calls).toBe(2);
	});
});

describe('who may touch the counters', () => {
	it('gives authenticated no read, no write and no execute', async () => {
		const user = await insertUser(db.owner);
		const bucket = `invoke:${user.id}`;
		await takeRateLimitSlot(bucket, 60, 60, { sql: db.owner });
		const asUser = (
			query: (tx: Parameters<Parameters<typeof withUserRls>[1]>[0]) => Promise<unknown>
		) => withUserRls(user.claims, query, { sql: db.owner });

		await expect(
			asUser((tx) => tx`select * from private.rate_limit_windows`)
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			asUser((tx) => tx`update private.rate_limit_windows set calls = 1 where bucket = ${bucket}`)
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			asUser((tx) => tx`delete from private.rate_limit_windows where bucket = ${bucket}`)
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			asUser((tx) => tx`select * from private.take_rate_limit_slot(${bucket}, 1000, 1)`)
		).rejects.toMatchObject({ code: '42501' });
	});

	it('grants nothing on them to anon, authenticated or service_role', async () => {
		const rows = await db.owner<{ role: string; table_priv: boolean; exec: boolean }[]>`
			select r.role,
			       has_table_privilege(r.role, 'private.rate_limit_windows', 'select,insert,update,delete') as table_priv,
			       has_function_privilege(r.role, 'private.take_rate_limit_slot(text, integer, integer)', 'execute')
			       or has_function_privilege(r.role, 'private.rate_limit_retry_after_ms(text, integer, integer)', 'execute') as exec
			from unnest(array['anon', 'authenticated', 'service_role']) as r(role)`;
		expect(rows).toEqual([
			{ role: 'anon', table_priv: false, exec: false },
			{ role: 'authenticated', table_priv: false, exec: false },
			{ role: 'service_role', table_priv: false, exec: false }
		]);
	});
});
