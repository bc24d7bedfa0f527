// public.bedrock_credentials through the same withUserRls the app uses: who may see and change
// which row, which columns no API role can ever read, and what the database itself refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_KEY_PAIR } from '../../../devstack/bedrock-emulator/keys';
import {
	deleteCredentialsRow,
	listUsersWithCredentials,
	selectCredentialsRow,
	upsertCredentialsRow
} from '../../../src/lib/server/db/credentials-table';
import { readCredentialSecrets } from '../../../src/lib/server/db/privileged';
import {
	RlsClaimsError,
	withAnonRls,
	withUserRls,
	type UserClaims
} from '../../../src/lib/server/db/rls';
import type { TransactionSql } from '../../../src/lib/server/db/client';
import { createTestDatabase, type TestDatabase } from './database';
import { credentialsWrite, fakeCiphertext, insertUser, type DbUser } from '../../helpers/factories';

let db: TestDatabase;
const asClaims = <T>(claims: UserClaims, fn: (tx: TransactionSql) => Promise<T>) =>
	withUserRls(claims, fn, { sql: db.owner });
const asUser = <T>(user: DbUser, fn: (tx: TransactionSql) => Promise<T>) =>
	asClaims(user.claims, fn);
const asAnon = <T>(fn: (tx: TransactionSql) => Promise<T>) => withAnonRls(fn, { sql: db.owner });

async function ownerRow(userId: string) {
	const rows = await db.owner`select * from public.bedrock_credentials where user_id = ${userId}`;
	return rows[0];
}

async function userWithCredentials(options: { admin?: boolean } = {}) {
	const user = await insertUser(db.owner, options);
	const write = credentialsWrite(user.id);
	await asUser(user, (tx) => upsertCredentialsRow(tx, write));
	return { user, write };
}

beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.close();
});

describe('owners', () => {
	it('saves, reads and deletes their own credentials without ever reading ciphertext back', async () => {
		const user = await insertUser(db.owner);
		const write = credentialsWrite(user.id, {
			session_token_ciphertext: fakeCiphertext(300),
			region: 'eu-central-1'
		});

		const saved = await asUser(user, (tx) => upsertCredentialsRow(tx, write));
		expect(saved).toMatchObject({
			user_id: user.id,
			access_key_id: write.access_key_id,
			credential_type: 'access_key',
			has_session_token: true,
			region: 'eu-central-1'
		});
		expect(Object.keys(saved)).not.toContain('secret_access_key_ciphertext');

		const read = await asUser(user, (tx) => selectCredentialsRow(tx, user.id));
		expect(read).toEqual(saved);

		expect(await asUser(user, (tx) => deleteCredentialsRow(tx, user.id))).toBe(true);
		expect(await ownerRow(user.id)).toBeUndefined();
	});

	it('replaces the row on a second save and moves updated_at', async () => {
		const { user } = await userWithCredentials();
		const before = await ownerRow(user.id);
		const second = credentialsWrite(user.id, { region: 'us-west-2' });
		await asUser(user, (tx) => upsertCredentialsRow(tx, second));
		const after = await ownerRow(user.id);
		expect(after).toMatchObject({
			id: before?.id,
			region: 'us-west-2',
			access_key_id: second.access_key_id,
			secret_access_key_ciphertext: second.secret_access_key_ciphertext
		});
		expect((after?.updated_at as Date).getTime()).toBeGreaterThan(
			(before?.updated_at as Date).getTime()
		);
	});

	it('leaves exactly one row when two saves for one user race', async () => {
		const user = await insertUser(db.owner);
		const writes = Array.from({ length: 6 }, () => credentialsWrite(user.id));
		await Promise.all(writes.map((write) => asUser(user, (tx) => upsertCredentialsRow(tx, write))));
		const rows =
			await db.owner`select access_key_id from public.bedrock_credentials where user_id = ${user.id}`;
		expect(rows).toHaveLength(1);
		expect(writes.map((write) => write.access_key_id)).toContain(rows[0]?.access_key_id);
	});
});

describe('other users', () => {
	it("cannot see another user's row", async () => {
		const { user: a } = await userWithCredentials();
		const b = await insertUser(db.owner);
		expect(await asUser(b, (tx) => selectCredentialsRow(tx, a.id))).toBeNull();
		const visible = await asUser(b, (tx) => tx`select user_id from public.bedrock_credentials`);
		expect(visible).toHaveLength(0);
	});

	it("cannot change another user's row: 0 rows affected, row unchanged", async () => {
		const { user: a } = await userWithCredentials();
		const b = await insertUser(db.owner);
		const before = await ownerRow(a.id);
		const result = await asUser(
			b,
			(tx) =>
				tx`update public.bedrock_credentials set region = 'eu-west-1', secret_access_key_ciphertext = ${fakeCiphertext()} where user_id = ${a.id}`
		);
		expect(result.count).toBe(0);
		expect(await ownerRow(a.id)).toEqual(before);
	});

	it("cannot overwrite another user's row through the save upsert", async () => {
		const { user: a } = await userWithCredentials();
		const b = await insertUser(db.owner);
		const before = await ownerRow(a.id);
		await expect(
			asUser(b, (tx) => upsertCredentialsRow(tx, credentialsWrite(a.id)))
		).rejects.toMatchObject({
			code: '42501'
		});
		expect(await ownerRow(a.id)).toEqual(before);
	});

	it("cannot delete another user's row: 0 rows affected, row still there", async () => {
		const { user: a } = await userWithCredentials();
		const b = await insertUser(db.owner);
		expect(await asUser(b, (tx) => deleteCredentialsRow(tx, a.id))).toBe(false);
		expect(await ownerRow(a.id)).toBeDefined();
	});

	it('cannot move their own row to another user', async () => {
		const { user: a } = await userWithCredentials();
		const b = await insertUser(db.owner);
		await expect(
			asUser(
				a,
				(tx) => tx`update public.bedrock_credentials set user_id = ${b.id} where user_id = ${a.id}`
			)
		).rejects.toMatchObject({ code: '42501' });
		expect(await ownerRow(a.id)).toBeDefined();
	});
});

describe('ciphertext columns', () => {
	it.each([
		'secret_access_key_ciphertext',
		'session_token_ciphertext',
		'api_key_ciphertext',
		'encryption_key_id',
		'*'
	])('refuses authenticated (even the owner) selecting %s with 42501', async (column) => {
		const { user } = await userWithCredentials();
		await expect(
			asUser(user, (tx) => tx.unsafe(`select ${column} from public.bedrock_credentials`))
		).rejects.toMatchObject({ code: '42501' });
	});

	it('refuses authenticated reading the ciphertext back through excluded.* in an upsert', async () => {
		const { user } = await userWithCredentials();
		await expect(
			asUser(
				user,
				(tx) => tx`
					insert into public.bedrock_credentials (user_id, access_key_id, secret_access_key_ciphertext, encryption_key_id)
					values (${user.id}, ${EXAMPLE_KEY_PAIR.accessKeyId}, ${fakeCiphertext()}, 'k1')
					on conflict (user_id) do update set secret_access_key_ciphertext = excluded.secret_access_key_ciphertext
					returning id`
			)
		).rejects.toMatchObject({ code: '42501' });
	});

	it.each(['secret_access_key_ciphertext', 'api_key_ciphertext', 'id'])(
		'refuses anon selecting %s with 42501',
		async (column) => {
			await userWithCredentials();
			await expect(
				asAnon((tx) => tx.unsafe(`select ${column} from public.bedrock_credentials`))
			).rejects.toMatchObject({
				code: '42501'
			});
		}
	);

	it('refuses anon writing rows with 42501', async () => {
		const user = await insertUser(db.owner);
		await expect(
			asAnon((tx) => upsertCredentialsRow(tx, credentialsWrite(user.id)))
		).rejects.toMatchObject({
			code: '42501'
		});
	});

	it('gives the ciphertext only to the named privileged read', async () => {
		const { user, write } = await userWithCredentials();
		const secret = await readCredentialSecrets(user.id, { sql: db.owner });
		expect(secret).toMatchObject({
			user_id: user.id,
			access_key_id: write.access_key_id,
			secret_access_key_ciphertext: write.secret_access_key_ciphertext,
			session_token_ciphertext: null,
			encryption_key_id: 'k1',
			region: 'us-east-1'
		});
		expect(
			await readCredentialSecrets((await insertUser(db.owner)).id, { sql: db.owner })
		).toBeNull();
	});

	it('refuses the privileged read function to authenticated and anon with 42501', async () => {
		const { user } = await userWithCredentials();
		await expect(
			asUser(user, (tx) => tx`select * from private.get_bedrock_secret(${user.id}::uuid)`)
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			asAnon((tx) => tx`select * from private.get_bedrock_secret(${user.id}::uuid)`)
		).rejects.toMatchObject({ code: '42501' });
	});
});

describe('admins', () => {
	it("see, change and delete every user's row when app_metadata.role is admin", async () => {
		const admin = await insertUser(db.owner, { admin: true });
		const { user: a } = await userWithCredentials();
		const { user: b } = await userWithCredentials();
		const visible = await asUser(
			admin,
			(tx) => tx<{ user_id: string }[]>`select user_id from public.bedrock_credentials`
		);
		expect(visible.map((row) => row.user_id)).toEqual(expect.arrayContaining([a.id, b.id]));

		await asUser(admin, (tx) =>
			upsertCredentialsRow(tx, credentialsWrite(a.id, { region: 'ap-south-1' }))
		);
		expect(await ownerRow(a.id)).toMatchObject({ region: 'ap-south-1' });

		expect(await asUser(admin, (tx) => deleteCredentialsRow(tx, b.id))).toBe(true);
		expect(await ownerRow(b.id)).toBeUndefined();
	});

	it('still cannot select the ciphertext columns', async () => {
		const admin = await insertUser(db.owner, { admin: true });
		await userWithCredentials();
		await expect(
			asUser(admin, (tx) => tx`select secret_access_key_ciphertext from public.bedrock_credentials`)
		).rejects.toMatchObject({ code: '42501' });
	});

	it('list every user with email and masked facts through admin_list_users_with_credentials', async () => {
		const admin = await insertUser(db.owner, { admin: true });
		const { user, write } = await userWithCredentials();
		const withoutCredentials = await insertUser(db.owner);
		const rows = await asUser(admin, (tx) => listUsersWithCredentials(tx));
		expect(rows.find((row) => row.user_id === user.id)).toMatchObject({
			email: user.email,
			access_key_id: write.access_key_id,
			region: 'us-east-1',
			has_session_token: false
		});
		expect(rows.find((row) => row.user_id === withoutCredentials.id)).toMatchObject({
			email: withoutCredentials.email,
			credentials_id: null
		});
		expect(JSON.stringify(rows)).not.toContain(write.secret_access_key_ciphertext);
	});

	it('does not treat user_metadata.role = admin (user-editable) as admin', async () => {
		const pretender = await insertUser(db.owner, { userMetadata: { role: 'admin' } });
		const { user: victim } = await userWithCredentials();
		expect(await asUser(pretender, (tx) => selectCredentialsRow(tx, victim.id))).toBeNull();
		expect(await asUser(pretender, (tx) => deleteCredentialsRow(tx, victim.id))).toBe(false);
		await expect(asUser(pretender, (tx) => listUsersWithCredentials(tx))).rejects.toMatchObject({
			code: '42501'
		});
		expect(await ownerRow(victim.id)).toBeDefined();
	});
});

describe('database rules', () => {
	it.each([
		['a region in capitals', { region: 'US-EAST-1' }],
		['a region without dashes', { region: 'useast1' }],
		['a made-up region shape', { region: 'us-east' }],
		['a short key id', { access_key_id: 'AKIA123' }],
		['a key id with a wrong prefix', { access_key_id: 'ABCDIOSFODNN7EXAMPLE' }],
		['a lowercase key id', { access_key_id: 'AKIAiosfodnn7example' }],
		[
			'a ciphertext that is not base64',
			{ secret_access_key_ciphertext: 'not base64 at all, definitely not!!!!!!!!!' }
		],
		['an empty encryption key id', { encryption_key_id: '' }]
	])('rejects %s with a check violation (23514)', async (_label, override) => {
		const user = await insertUser(db.owner);
		await expect(
			asUser(user, (tx) => upsertCredentialsRow(tx, credentialsWrite(user.id, override)))
		).rejects.toMatchObject({
			code: '23514'
		});
		expect(await ownerRow(user.id)).toBeUndefined();
	});

	it.each(['us-gov-west-1', 'eu-central-2', 'ap-northeast-3'])(
		'accepts region %s and ASIA keys',
		async (region) => {
			const user = await insertUser(db.owner);
			const saved = await asUser(user, (tx) =>
				upsertCredentialsRow(
					tx,
					credentialsWrite(user.id, { region, access_key_id: 'ASIAIOSFODNN7EXAMPLE' })
				)
			);
			expect(saved.region).toBe(region);
		}
	);

	it("removes a user's credentials and connection test when the user is deleted", async () => {
		const { user } = await userWithCredentials();
		// Written as the server writes it (the API roles cannot write connection_tests).
		await db.owner`insert into public.connection_tests (user_id, status, region) values (${user.id}, 'pass', 'us-east-1')`;
		await db.owner`delete from auth.users where id = ${user.id}`;
		expect(await ownerRow(user.id)).toBeUndefined();
		expect(
			await db.owner`select 1 from public.connection_tests where user_id = ${user.id}`
		).toHaveLength(0);
	});
});

describe('withUserRls', () => {
	it.each([
		['service_role', { sub: '00000000-0000-4000-8000-000000000001', role: 'service_role' }],
		['anon', { sub: '00000000-0000-4000-8000-000000000001', role: 'anon' }],
		['a missing sub', { role: 'authenticated' }],
		['a non-uuid sub', { sub: 'admin', role: 'authenticated' }]
	])('refuses claims with %s', async (_label, claims) => {
		let ran = false;
		await expect(
			asClaims(claims as UserClaims, async () => {
				ran = true;
			})
		).rejects.toBeInstanceOf(RlsClaimsError);
		expect(ran).toBe(false);
	});

	it('leaves no role or claims behind on the pooled connection', async () => {
		const user = await insertUser(db.owner);
		const single = (await import('../../../src/lib/server/db/client')).createSql(db.url, {
			max: 1
		});
		try {
			const inside = await withUserRls(
				user.claims,
				(tx) => tx`select current_user, auth.uid() as uid`,
				{ sql: single }
			);
			expect(inside[0]).toMatchObject({ current_user: 'authenticated', uid: user.id });
			const after =
				await single`select current_user, auth.uid() as uid, current_setting('statement_timeout') as timeout`;
			expect(after[0]).toMatchObject({ current_user: 'postgres', uid: null, timeout: '0' });
		} finally {
			await single.end();
		}
	});

	it('rolls the whole transaction back when the callback throws', async () => {
		const user = await insertUser(db.owner);
		await expect(
			asUser(user, async (tx) => {
				await upsertCredentialsRow(tx, credentialsWrite(user.id));
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(await ownerRow(user.id)).toBeUndefined();
	});
});

describe('credential kinds', () => {
	it('stores an API key as ciphertext the owner can write but never read back, and the privileged read returns it', async () => {
		const user = await insertUser(db.owner);
		const apiKeyCiphertext = fakeCiphertext(60);
		const saved = await asUser(user, (tx) =>
			upsertCredentialsRow(
				tx,
				credentialsWrite(user.id, {
					credential_type: 'api_key',
					access_key_id: null,
					secret_access_key_ciphertext: null,
					api_key_ciphertext: apiKeyCiphertext,
					api_key_kind: 'long_term',
					api_key_last4: 'wxyz'
				})
			)
		);
		expect(saved).toMatchObject({ credential_type: 'api_key', api_key_last4: 'wxyz' });
		expect(Object.keys(saved)).not.toContain('api_key_ciphertext');
		expect(await readCredentialSecrets(user.id, { sql: db.owner })).toMatchObject({
			credential_type: 'api_key',
			api_key_ciphertext: apiKeyCiphertext
		});
	});

	it.each([
		['an api_key row without the key', { credential_type: 'api_key' as const }],
		[
			'an assume_role row without its external id',
			{
				credential_type: 'assume_role' as const,
				access_key_id: null,
				secret_access_key_ciphertext: null,
				role_arn: 'arn:aws:iam::210987654321:role/R',
				assume_role_via: 'deployment' as const
			}
		],
		['an access_key row that also carries a role', { role_arn: 'arn:aws:iam::210987654321:role/R' }]
	])('refuses %s (kind shape check, 23514)', async (_label, overrides) => {
		const user = await insertUser(db.owner);
		await expect(
			asUser(user, (tx) => upsertCredentialsRow(tx, credentialsWrite(user.id, overrides)))
		).rejects.toMatchObject({ code: '23514' });
	});

	it('lets owners create and read only their own external id', async () => {
		const [a, b] = [await insertUser(db.owner), await insertUser(db.owner)];
		await asUser(
			a,
			(tx) =>
				tx`insert into public.bedrock_external_ids (user_id, external_id) values (${a.id}, 'ba-aaaaaaaaaaaaaaaaaaaaaaaa')`
		);
		await expect(
			asUser(
				b,
				(tx) =>
					tx`insert into public.bedrock_external_ids (user_id, external_id) values (${a.id}, 'ba-bbbbbbbbbbbbbbbbbbbbbbbb')`
			)
		).rejects.toMatchObject({ code: '42501' });
		expect(
			await asUser(b, (tx) => tx`select external_id from public.bedrock_external_ids`)
		).toEqual([]);
		expect(
			await asUser(a, (tx) => tx`select external_id from public.bedrock_external_ids`)
		).toEqual([{ external_id: 'ba-aaaaaaaaaaaaaaaaaaaaaaaa' }]);
		await expect(
			asAnon((tx) => tx`select external_id from public.bedrock_external_ids`)
		).rejects.toMatchObject({ code: '42501' });
	});
});
