/**
 * withUserRls costs one round trip for a one-query read: `begin`, the identity statement and
 * the query leave in one burst, and the caller has its rows before the commit is even sent.
 * Counted on the wire (a proxy in front of Postgres), while RLS still decides what is read.
 * A ledger batch is one round trip too: its whole transaction leaves in one write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, type Sql } from '../../../src/lib/server/db/client';
import {
	selectCredentialsRow,
	upsertCredentialsRow
} from '../../../src/lib/server/db/credentials-table';
import { withUserRls } from '../../../src/lib/server/db/rls';
import { insertUsageRows } from '../../../src/lib/server/db/usage';
import { createTestDatabase, type TestDatabase } from './database';
import { credentialsWrite, insertUser, usageInsertRow } from '../../helpers/factories';
import { startWireCounter, type WireCounter } from './wire-counter';

let db: TestDatabase;
let wire: WireCounter;
let sql: Sql;

beforeAll(async () => {
	db = await createTestDatabase();
	wire = await startWireCounter(db.url);
	sql = createSql(wire.url, { max: 1 });
	await sql`select 1`; // connect and authenticate before counting
});

afterAll(async () => {
	await sql.end({ timeout: 5 });
	await wire.close();
	await db.close();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

it('reads a row under RLS in one round trip, commit sent after the answer', async () => {
	const owner = await insertUser(db.owner);
	const other = await insertUser(db.owner);
	await db.owner`insert into public.bedrock_credentials ${db.owner(credentialsWrite(owner.id))}`;

	await settle();
	const before = wire.bursts();
	const row = await withUserRls(owner.claims, (tx) => selectCredentialsRow(tx, owner.id), {
		sql,
		readOnly: true
	});
	expect(wire.bursts() - before).toBe(1);
	expect(row?.user_id).toBe(owner.id);
	await settle();
	expect(wire.bursts() - before).toBe(2); // the commit, which nobody waited for

	// RLS still decides: the other user reads nothing, in the same one trip.
	const start = wire.bursts();
	const hidden = await withUserRls(other.claims, (tx) => selectCredentialsRow(tx, owner.id), {
		sql,
		readOnly: true
	});
	expect(hidden).toBeNull();
	expect(wire.bursts() - start).toBe(1);
});

it('waits for the commit of a write, and the row is there', async () => {
	const user = await insertUser(db.owner);
	await settle();
	const before = wire.bursts();
	await withUserRls(user.claims, (tx) => upsertCredentialsRow(tx, credentialsWrite(user.id)), {
		sql
	});
	// A statement with parameters is described before it runs (db/literals.ts): begin, identity
	// and the describe leave together, then bind + execute, then the commit. (Before: six.)
	expect(wire.bursts() - before).toBe(3);
	const [row] =
		await db.owner`select user_id from public.bedrock_credentials where user_id = ${user.id}`;
	expect(row?.user_id).toBe(user.id);
});

it('reports the statement that failed, rolls back, and the connection serves the next caller', async () => {
	const user = await insertUser(db.owner);
	await expect(
		withUserRls(user.claims, (tx) => tx`select * from public.no_such_table`, { sql })
	).rejects.toThrow(/no_such_table/);
	await expect(
		withUserRls(
			user.claims,
			async (tx) => {
				await upsertCredentialsRow(tx, credentialsWrite(user.id));
				throw new Error('changed my mind');
			},
			{ sql }
		)
	).rejects.toThrow('changed my mind');
	const rows = await db.owner`select 1 from public.bedrock_credentials where user_id = ${user.id}`;
	expect(rows).toHaveLength(0);
	const [me] = await withUserRls(
		user.claims,
		(tx) => tx<{ uid: string }[]>`select auth.uid()::text as uid`,
		{
			sql,
			readOnly: true
		}
	);
	expect(me?.uid).toBe(user.id);
});

it('passes claims through untouched, whatever user-editable text they carry', async () => {
	const hostile = { nickname: "$v$, true); set role postgres; select ('$claims$ ' || $$" };
	const user = await insertUser(db.owner, { userMetadata: hostile });
	const [seen] = await withUserRls(
		user.claims,
		(tx) =>
			tx<{ metadata: unknown; role: string }[]>`
				select auth.jwt()->'user_metadata' as metadata, current_user as role
			`,
		{ sql, readOnly: true }
	);
	expect(seen).toEqual({ metadata: hostile, role: 'authenticated' });
});

describe('the ledger', () => {
	const ledgerRow = (userId: string, awsError: string | null = null) =>
		usageInsertRow(userId, { status: awsError ? 'error' : 'ok', aws_error: awsError });
	const storedErrors = async (userId: string) =>
		(
			await db.owner<{ aws_error: string | null }[]>`
				select aws_error from public.bedrock_usage where user_id = ${userId} order by aws_error`
		).map((r) => r.aws_error);

	it('writes a batch in one round trip, text exactly as given', async () => {
		const user = await insertUser(db.owner);
		// Quotes and the literal's own dollar tag cannot end the literal early.
		const awkward = `it's "quoted" $v$ not the end $$ \\ ;`;
		await settle();
		const before = wire.bursts();
		expect(await insertUsageRows(sql, [ledgerRow(user.id, awkward), ledgerRow(user.id)])).toBe(2);
		expect(wire.bursts() - before).toBe(1);
		expect(await storedErrors(user.id)).toEqual([awkward, null]);
	});

	it('stores a batch whole or not at all, and the connection stays usable', async () => {
		const user = await insertUser(db.owner);
		const refused = { ...ledgerRow(user.id, 'second'), status: 'not a status' } as never;
		await expect(
			insertUsageRows(sql, [ledgerRow(user.id, 'first'), refused])
		).rejects.toMatchObject({
			name: 'PostgresError',
			constraint_name: 'bedrock_usage_status_check'
		});
		expect(await storedErrors(user.id)).toEqual([]);
		expect(await insertUsageRows(sql, [ledgerRow(user.id, 'again')])).toBe(1);
		expect(await storedErrors(user.id)).toEqual(['again']);
	});
});
