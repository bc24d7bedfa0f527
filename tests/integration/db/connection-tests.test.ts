// public.connection_tests: the last connection test per user; only the server (the database
// owner) writes it, owners read their own, admins read all, nobody else sees anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql, TransactionSql } from '../../../src/lib/server/db/client';
import { withAnonRls, withUserRls } from '../../../src/lib/server/db/rls';
import type { ConnectionTestRow } from '../../../src/lib/server/db/types';
import { createTestDatabase, type TestDatabase } from './database';
import { insertUser, type DbUser } from '../../helpers/factories';

let db: TestDatabase;
const asUser = <T>(user: DbUser, fn: (tx: TransactionSql) => Promise<T>) =>
	withUserRls(user.claims, fn, { sql: db.owner });

/** As the server records it: as the database owner. */
function recordTest(
	tx: Sql | TransactionSql,
	userId: string,
	status: string,
	checks: unknown[] = []
) {
	return tx`
		insert into public.connection_tests (user_id, status, checks, region)
		values (${userId}, ${status}, ${tx.json(checks as never)}, 'us-east-1')
		on conflict (user_id) do update set tested_at = now(), status = ${status}, checks = ${tx.json(checks as never)}`;
}

beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.close();
});

it('keeps only the latest result per user', async () => {
	const user = await insertUser(db.owner);
	await recordTest(db.owner, user.id, 'fail', [{ id: 'sts', status: 'fail' }]);
	await recordTest(db.owner, user.id, 'pass', [{ id: 'sts', status: 'pass' }]);
	const rows = await asUser(
		user,
		(tx) => tx<ConnectionTestRow[]>`select * from public.connection_tests`
	);
	expect(rows).toHaveLength(1);
	expect(rows[0]).toMatchObject({
		user_id: user.id,
		status: 'pass',
		checks: [{ id: 'sts', status: 'pass' }]
	});
});

it("hides one user's result from another and refuses writing it", async () => {
	const a = await insertUser(db.owner);
	const b = await insertUser(db.owner);
	await recordTest(db.owner, a.id, 'pass');
	expect(
		await asUser(b, (tx) => tx`select * from public.connection_tests where user_id = ${a.id}`)
	).toHaveLength(0);
	await expect(asUser(b, (tx) => recordTest(tx, a.id, 'fail'))).rejects.toMatchObject({
		code: '42501'
	});
	const stored = await db.owner`select status from public.connection_tests where user_id = ${a.id}`;
	expect(stored[0]?.status).toBe('pass');
});

it('lets admins read every result but not user_metadata "admins"', async () => {
	const admin = await insertUser(db.owner, { admin: true });
	const pretender = await insertUser(db.owner, { userMetadata: { role: 'admin' } });
	const user = await insertUser(db.owner);
	await recordTest(db.owner, user.id, 'partial');
	const seenByAdmin = await asUser(
		admin,
		(tx) => tx`select user_id from public.connection_tests where user_id = ${user.id}`
	);
	expect(seenByAdmin).toHaveLength(1);
	const seenByPretender = await asUser(
		pretender,
		(tx) => tx`select user_id from public.connection_tests`
	);
	expect(seenByPretender).toHaveLength(0);
});

it('refuses anon with 42501', async () => {
	await expect(
		withAnonRls((tx) => tx`select * from public.connection_tests`, { sql: db.owner })
	).rejects.toMatchObject({
		code: '42501'
	});
});

it.each([
	['an unknown status', { status: 'ok' }],
	['checks that are not an array', { checks: { sts: 'pass' } }],
	['a malformed region', { region: 'mars' }]
])('rejects %s (23514)', async (_label, override) => {
	const user = await insertUser(db.owner);
	const row = { status: 'pass', checks: [], region: 'us-east-1', ...override };
	await expect(
		db.owner`
			insert into public.connection_tests (user_id, status, checks, region)
			values (${user.id}, ${row.status}, ${db.owner.json(row.checks as never)}, ${row.region})`
	).rejects.toMatchObject({ code: '23514' });
});

describe('writes through the Data API roles', () => {
	it('refuses authenticated an insert of its own "pass" (42501)', async () => {
		const user = await insertUser(db.owner);
		await expect(asUser(user, (tx) => recordTest(tx, user.id, 'pass'))).rejects.toMatchObject({
			code: '42501'
		});
		expect(
			await db.owner`select 1 from public.connection_tests where user_id = ${user.id}`
		).toHaveLength(0);
	});

	it('refuses authenticated an update of its own row: no "pass", no future tested_at (42501)', async () => {
		const user = await insertUser(db.owner);
		await recordTest(db.owner, user.id, 'fail');
		await expect(
			asUser(
				user,
				(tx) => tx`update public.connection_tests set status = 'pass' where user_id = ${user.id}`
			)
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			asUser(
				user,
				(tx) =>
					tx`update public.connection_tests set tested_at = now() + interval '1 year' where user_id = ${user.id}`
			)
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			asUser(user, (tx) => tx`delete from public.connection_tests where user_id = ${user.id}`)
		).rejects.toMatchObject({ code: '42501' });
		const [row] =
			await db.owner`select status from public.connection_tests where user_id = ${user.id}`;
		expect(row?.status).toBe('fail');
	});

	it('grants anon and authenticated no insert, update or delete, on the table or any column', async () => {
		const rows = await db.owner<{ role: string; writes: boolean }[]>`
			select r.role,
			       has_table_privilege(r.role, 'public.connection_tests', 'insert,update,delete')
			       or has_any_column_privilege(r.role, 'public.connection_tests', 'insert,update') as writes
			from unnest(array['anon', 'authenticated']) as r(role)`;
		expect(rows).toEqual([
			{ role: 'anon', writes: false },
			{ role: 'authenticated', writes: false }
		]);
	});
});
