// public.audit_log: written by the database itself in the same transaction as each credentials
// change, readable by admins only, and impossible for users to forge, edit or read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_KEY_PAIR } from '../../../devstack/bedrock-emulator/keys';
import type { TransactionSql } from '../../../src/lib/server/db/client';
import {
	deleteCredentialsRow,
	upsertCredentialsRow
} from '../../../src/lib/server/db/credentials-table';
import { recordAuditEvent } from '../../../src/lib/server/db/privileged';
import { withAnonRls, withUserRls } from '../../../src/lib/server/db/rls';
import type { AuditLogRow } from '../../../src/lib/server/db/types';
import { createTestDatabase, type TestDatabase } from './database';
import { credentialsWrite, fakeCiphertext, insertUser, type DbUser } from '../../helpers/factories';

let db: TestDatabase;
const asUser = <T>(user: DbUser, fn: (tx: TransactionSql) => Promise<T>) =>
	withUserRls(user.claims, fn, { sql: db.owner });

async function entriesAbout(userId: string) {
	return db.owner<AuditLogRow[]>`
		select * from public.audit_log where target_user_id = ${userId} or details ->> 'user_id' = ${userId}
		order by id`;
}

beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.close();
});

describe('entries written by the database', () => {
	it('records a user saving and deleting their own credentials, with a masked key id only', async () => {
		const user = await insertUser(db.owner);
		const write = credentialsWrite(user.id, {
			access_key_id: EXAMPLE_KEY_PAIR.accessKeyId,
			session_token_ciphertext: fakeCiphertext(200)
		});
		await asUser(user, (tx) => upsertCredentialsRow(tx, write));
		await asUser(user, (tx) => deleteCredentialsRow(tx, user.id));

		const entries = await entriesAbout(user.id);
		expect(entries.map((entry) => [entry.action, entry.actor_id, entry.target_user_id])).toEqual([
			['credentials.saved', user.id, user.id],
			['credentials.deleted', user.id, user.id]
		]);
		expect(entries[0]?.details).toEqual({
			user_id: user.id,
			access_key_id: 'AKIA…MPLE',
			region: 'us-east-1',
			credential_type: 'access_key',
			has_session_token: true
		});
		const stored = JSON.stringify(entries);
		expect(stored).not.toContain(write.secret_access_key_ciphertext);
		expect(stored).not.toContain(write.session_token_ciphertext);
		expect(stored).not.toContain(EXAMPLE_KEY_PAIR.accessKeyId);
	});

	it('records an admin acting on someone else as admin_saved / admin_deleted by the admin', async () => {
		const admin = await insertUser(db.owner, { admin: true });
		const user = await insertUser(db.owner);
		await asUser(admin, (tx) => upsertCredentialsRow(tx, credentialsWrite(user.id)));
		await asUser(admin, (tx) => deleteCredentialsRow(tx, user.id));
		const entries = await entriesAbout(user.id);
		expect(entries.map((entry) => [entry.action, entry.actor_id])).toEqual([
			['credentials.admin_saved', admin.id],
			['credentials.admin_deleted', admin.id]
		]);
	});

	it('records a key rotation by the server (no user) as credentials.rotated', async () => {
		const user = await insertUser(db.owner);
		await asUser(user, (tx) => upsertCredentialsRow(tx, credentialsWrite(user.id)));
		await db.owner`
			update public.bedrock_credentials
			set encryption_key_id = 'k2', secret_access_key_ciphertext = ${fakeCiphertext()}
			where user_id = ${user.id}`;
		const last = (await entriesAbout(user.id)).at(-1);
		expect(last).toMatchObject({
			action: 'credentials.rotated',
			actor_id: null,
			target_user_id: user.id
		});
	});

	it('keeps the entries when the user is deleted (target cleared, id kept in details)', async () => {
		const user = await insertUser(db.owner);
		await asUser(user, (tx) => upsertCredentialsRow(tx, credentialsWrite(user.id)));
		await db.owner`delete from auth.users where id = ${user.id}`;
		const entries = await entriesAbout(user.id);
		expect(
			entries.map((entry) => [entry.action, entry.target_user_id, entry.details.user_id])
		).toEqual([
			['credentials.saved', null, user.id],
			['credentials.deleted', null, user.id]
		]);
	});

	it('writes nothing when the change itself is rolled back', async () => {
		const user = await insertUser(db.owner);
		await expect(
			asUser(user, async (tx) => {
				await upsertCredentialsRow(tx, credentialsWrite(user.id));
				throw new Error('abort');
			})
		).rejects.toThrow('abort');
		expect(await entriesAbout(user.id)).toHaveLength(0);
	});
});

describe('who may read and write the log', () => {
	it('shows a regular user no entries, not even their own', async () => {
		const user = await insertUser(db.owner);
		await asUser(user, (tx) => upsertCredentialsRow(tx, credentialsWrite(user.id)));
		const visible = await asUser(user, (tx) => tx`select id from public.audit_log`);
		expect(visible).toHaveLength(0);
		expect(await entriesAbout(user.id)).toHaveLength(1);
	});

	it('shows nothing to a user whose user_metadata claims admin', async () => {
		const pretender = await insertUser(db.owner, { userMetadata: { role: 'admin' } });
		await asUser(pretender, (tx) => upsertCredentialsRow(tx, credentialsWrite(pretender.id)));
		expect(await asUser(pretender, (tx) => tx`select id from public.audit_log`)).toHaveLength(0);
	});

	it('refuses anon with 42501', async () => {
		await expect(
			withAnonRls((tx) => tx`select id from public.audit_log`, { sql: db.owner })
		).rejects.toMatchObject({
			code: '42501'
		});
	});

	it('shows admins every entry', async () => {
		const admin = await insertUser(db.owner, { admin: true });
		const user = await insertUser(db.owner);
		await asUser(user, (tx) => upsertCredentialsRow(tx, credentialsWrite(user.id)));
		const visible = await asUser(
			admin,
			(tx) => tx<{ target_user_id: string }[]>`select target_user_id from public.audit_log`
		);
		expect(visible.map((row) => row.target_user_id)).toContain(user.id);
	});

	it.each([
		[
			'a user inserting an entry for another actor',
			(other: string) =>
				`insert into public.audit_log (actor_id, action) values ('${other}', 'credentials.saved')`
		],
		[
			'a user inserting an entry as themselves',
			() => `insert into public.audit_log (action) values ('credentials.saved')`
		],
		['a user rewriting history', () => `update public.audit_log set action = 'credentials.saved'`],
		['a user deleting history', () => `delete from public.audit_log`]
	])('refuses %s with 42501, even for admins', async (_label, statement) => {
		const admin = await insertUser(db.owner, { admin: true });
		const other = await insertUser(db.owner);
		const before = await db.owner`select count(*)::int as n from public.audit_log`;
		await expect(asUser(admin, (tx) => tx.unsafe(statement(other.id)))).rejects.toMatchObject({
			code: '42501'
		});
		const after = await db.owner`select count(*)::int as n from public.audit_log`;
		expect(after[0]?.n).toBe(before[0]?.n);
	});
});

describe("recordAuditEvent (the server's privileged writer)", () => {
	it('records a server event', async () => {
		const admin = await insertUser(db.owner, { admin: true });
		const user = await insertUser(db.owner);
		await recordAuditEvent(
			{
				actorId: admin.id,
				targetUserId: user.id,
				action: 'credentials.rotated',
				details: { from: 'k1', to: 'k2' }
			},
			{ sql: db.owner }
		);
		const entries = await entriesAbout(user.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actor_id: admin.id,
			action: 'credentials.rotated',
			details: { from: 'k1', to: 'k2' }
		});
	});

	it.each(['secretAccessKey', 'session_token', 'ciphertext', 'password'])(
		'refuses details with a %s key',
		async (key) => {
			const user = await insertUser(db.owner);
			await expect(
				recordAuditEvent(
					{
						actorId: null,
						targetUserId: user.id,
						action: 'credentials.saved',
						details: { [key]: 'x' }
					},
					{ sql: db.owner }
				)
			).rejects.toThrow(/must not carry secrets/);
			expect(await entriesAbout(user.id)).toHaveLength(0);
		}
	);

	it('refuses an unknown action (check constraint 23514)', async () => {
		await expect(
			recordAuditEvent(
				{ actorId: null, targetUserId: null, action: 'credentials.stolen' as never },
				{ sql: db.owner }
			)
		).rejects.toMatchObject({ code: '23514' });
	});
});
