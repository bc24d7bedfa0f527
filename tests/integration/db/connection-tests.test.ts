// public.connection_tests: the last connection test per user; owners write and read their own,
// admins read all, nobody else sees anything.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TransactionSql } from '../../../src/lib/server/db/client';
import { withAnonRls, withUserRls } from '../../../src/lib/server/db/rls';
import type { ConnectionTestRow } from '../../../src/lib/server/db/types';
import { createTestDatabase, type TestDatabase } from './database';
import { insertUser, type TestUser } from './factories';

let db: TestDatabase;
const asUser = <T>(user: TestUser, fn: (tx: TransactionSql) => Promise<T>) =>
	withUserRls(user.claims, fn, { sql: db.owner });

function recordTest(tx: TransactionSql, userId: string, status: string, checks: unknown[] = []) {
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
	await asUser(user, (tx) => recordTest(tx, user.id, 'fail', [{ id: 'sts', status: 'fail' }]));
	await asUser(user, (tx) => recordTest(tx, user.id, 'pass', [{ id: 'sts', status: 'pass' }]));
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
	await asUser(a, (tx) => recordTest(tx, a.id, 'pass'));
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
	await asUser(user, (tx) => recordTest(tx, user.id, 'partial'));
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
		asUser(
			user,
			(tx) => tx`
			insert into public.connection_tests (user_id, status, checks, region)
			values (${user.id}, ${row.status}, ${tx.json(row.checks as never)}, ${row.region})`
		)
	).rejects.toMatchObject({ code: '23514' });
});
