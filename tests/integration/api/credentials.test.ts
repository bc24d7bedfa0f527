import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	adminCredentialsRowSchema,
	credentialsGetOutput,
	credentialsListOutput,
	credentialsViewSchema
} from '../../../src/lib/schemas/credentials';
import {
	api,
	db,
	EXAMPLE_KEY,
	finishApiSuite,
	newEmulatorKey,
	newUser,
	storedRow,
	useSecret,
	type ApiUser
} from './harness';

let owner: ApiUser;
let admin: ApiUser;
let other: ApiUser;

beforeAll(async () => {
	[owner, admin, other] = await Promise.all([newUser(), newUser({ admin: true }), newUser()]);
});
afterAll(finishApiSuite);

const auditFor = (userId: string) =>
	db()`select actor_id, target_user_id, action, details from public.audit_log where target_user_id = ${userId} order by id`;

describe('credentials (own)', () => {
	it('returns null before anything is saved', async () => {
		expect(credentialsGetOutput.parse(await api(owner).credentials.get.query())).toBeNull();
	});

	it('saves, encrypts at rest and returns only masked facts', async () => {
		const saved = credentialsViewSchema.parse(
			await api(owner).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-west-2' })
		);
		expect(saved).toMatchObject({
			credentialType: 'access_key',
			accessKeyIdMasked: 'AKIA…MPLE',
			keyKind: 'long_term',
			hasSessionToken: false,
			region: 'us-west-2'
		});
		expect(JSON.stringify(saved)).not.toContain(EXAMPLE_KEY.accessKeyId);
		const row = await storedRow(owner.id);
		expect(row?.secret_access_key_ciphertext).toMatch(/^[A-Za-z0-9+/]+=*$/);
		expect(row?.secret_access_key_ciphertext).not.toContain(EXAMPLE_KEY.secretAccessKey);
		expect(row?.encryption_key_id).toBe(process.env.CREDENTIALS_ENCRYPTION_KEY!.split(':')[0]);
		expect(row?.session_token_ciphertext).toBeNull();
	});

	it('reads back what was saved, masked', async () => {
		const got = credentialsGetOutput.parse(await api(owner).credentials.get.query());
		expect(got).toMatchObject({
			accessKeyIdMasked: 'AKIA…MPLE',
			region: 'us-west-2',
			hasSessionToken: false
		});
	});

	it('replaces the row in place (one row per user) with temporary keys and their token', async () => {
		const before = await storedRow(owner.id);
		const temp = await newEmulatorKey({ temporary: true });
		const saved = await api(owner).credentials.save.mutate({
			accessKeyId: temp.accessKeyId,
			secretAccessKey: temp.secretAccessKey,
			sessionToken: temp.sessionToken,
			region: 'eu-central-1'
		});
		expect(saved).toMatchObject({
			keyKind: 'temporary',
			hasSessionToken: true,
			region: 'eu-central-1'
		});
		expect(saved.accessKeyIdMasked).toBe(`ASIA…${temp.accessKeyId.slice(-4)}`);
		const rows =
			await db()`select id, session_token_ciphertext from public.bedrock_credentials where user_id = ${owner.id}`;
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).toBe(before!.id);
		expect(rows[0]!.session_token_ciphertext).not.toContain(temp.sessionToken!);
	});

	it('keeps one row when two saves race', async () => {
		const [a, b] = await Promise.all([
			api(other).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-1' }),
			api(other).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-2' })
		]);
		expect([a.region, b.region].sort()).toEqual(['us-east-1', 'us-east-2']);
		const rows =
			await db()`select region from public.bedrock_credentials where user_id = ${other.id}`;
		expect(rows).toHaveLength(1);
	});

	it('audits every save without secrets', async () => {
		const entries = await auditFor(owner.id);
		expect(entries.map((e) => e.action)).toEqual(['credentials.saved', 'credentials.saved']);
		expect(entries[0]!.actor_id).toBe(owner.id);
		const text = JSON.stringify(entries);
		expect(text).toContain('AKIA…MPLE');
		expect(text).not.toContain(EXAMPLE_KEY.secretAccessKey);
		expect(text).not.toContain(EXAMPLE_KEY.accessKeyId);
	});

	it('deletes, audits the delete and then reports none', async () => {
		expect(await api(owner).credentials.delete.mutate()).toEqual({ deleted: true });
		expect(await api(owner).credentials.get.query()).toBeNull();
		expect(await storedRow(owner.id)).toBeNull();
		expect(await api(owner).credentials.delete.mutate()).toEqual({ deleted: false });
		expect((await auditFor(owner.id)).at(-1)?.action).toBe('credentials.deleted');
	});
});

describe('credentials (admin)', () => {
	it('saves for another user, audited as an admin action by the admin', async () => {
		const secret = useSecret('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/Ab');
		const saved = await api(admin).credentials.saveForUser.mutate({
			userId: owner.id,
			accessKeyId: 'AKIAADMINSAVEDKEY001',
			secretAccessKey: secret,
			region: 'ap-northeast-1'
		});
		expect(saved).toMatchObject({ accessKeyIdMasked: 'AKIA…Y001', region: 'ap-northeast-1' });
		expect(await api(owner).credentials.get.query()).toMatchObject({
			accessKeyIdMasked: 'AKIA…Y001'
		});
		const last = (await auditFor(owner.id)).at(-1);
		expect(last).toMatchObject({
			action: 'credentials.admin_saved',
			actor_id: admin.id,
			target_user_id: owner.id
		});
	});

	it('lists every user with email and masked credentials', async () => {
		const list = credentialsListOutput.parse(await api(admin).credentials.list.query());
		const mine = list.find((r) => r.userId === owner.id);
		expect(adminCredentialsRowSchema.parse(mine)).toMatchObject({
			email: owner.email,
			credentials: { accessKeyIdMasked: 'AKIA…Y001', region: 'ap-northeast-1' }
		});
		const adminRow = list.find((r) => r.userId === admin.id);
		expect(adminRow?.credentials).toBeNull();
		expect(JSON.stringify(list)).not.toMatch(/AKIA[A-Z0-9]{16}/);
	});

	it('deletes for another user, audited', async () => {
		expect(await api(admin).credentials.deleteForUser.mutate({ userId: owner.id })).toEqual({
			deleted: true
		});
		expect(await api(owner).credentials.get.query()).toBeNull();
		expect((await auditFor(owner.id)).at(-1)).toMatchObject({
			action: 'credentials.admin_deleted',
			actor_id: admin.id
		});
	});

	it('answers NOT_FOUND for a user that does not exist', async () => {
		await expect(
			api(admin).credentials.saveForUser.mutate({
				userId: '00000000-0000-4000-8000-000000000000',
				...EXAMPLE_KEY,
				region: 'us-east-1'
			})
		).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
	});
});
