// The admin user API through supabase-js's `auth.admin`, authenticated by the service_role key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	adminApi,
	anonClient,
	PASSWORD,
	startAuthFixture,
	uniqueEmail,
	type AuthFixture
} from './auth-fixture';

let fixture: AuthFixture;

beforeAll(async () => {
	fixture = await startAuthFixture();
});

afterAll(async () => {
	await fixture?.stop();
});

async function createdUser(label: string, appMetadata: Record<string, unknown> = {}) {
	const email = uniqueEmail(label);
	const { data, error } = await adminApi(fixture).createUser({
		email,
		password: PASSWORD,
		email_confirm: true,
		user_metadata: { name: label },
		app_metadata: appMetadata
	});
	if (error || !data.user) throw new Error(`createUser failed: ${error?.message}`);
	return data.user;
}

function claimsOf(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

describe('admin.createUser', () => {
	it('creates a confirmed user with app_metadata merged over the provider defaults', async () => {
		const user = await createdUser('created', { role: 'admin' });

		expect(user.email_confirmed_at).toBeTruthy();
		expect(user.app_metadata).toEqual({ provider: 'email', providers: ['email'], role: 'admin' });
		expect(user.user_metadata).toEqual({ name: 'created' });
		expect(user.identities).toHaveLength(1);
		const signIn = await anonClient(fixture).auth.signInWithPassword({
			email: user.email!,
			password: PASSWORD
		});
		expect(claimsOf(signIn.data.session!.access_token).app_metadata).toMatchObject({
			role: 'admin'
		});
	});

	it('refuses an email that is already registered with email_exists (422)', async () => {
		const user = await createdUser('taken');

		const { error } = await adminApi(fixture).createUser({
			email: user.email!,
			password: PASSWORD
		});

		expect(error?.code).toBe('email_exists');
		expect(error?.status).toBe(422);
	});

	it('refuses a weak password with weak_password', async () => {
		const { error } = await adminApi(fixture).createUser({
			email: uniqueEmail('weakadmin'),
			password: 'abc'
		});

		expect(error?.code).toBe('weak_password');
	});

	it('leaves an unconfirmed user unable to sign in until confirmed', async () => {
		const email = uniqueEmail('unconfirmed');
		const { data } = await adminApi(fixture).createUser({ email, password: PASSWORD });

		const before = await anonClient(fixture).auth.signInWithPassword({ email, password: PASSWORD });
		await adminApi(fixture).updateUserById(data.user!.id, { email_confirm: true });
		const after = await anonClient(fixture).auth.signInWithPassword({ email, password: PASSWORD });

		expect(before.error?.code).toBe('email_not_confirmed');
		expect(after.error).toBeNull();
	});
});

describe('admin.listUsers', () => {
	it('pages through users with the total and next/last pages auth-js derives from the headers', async () => {
		const made = [
			await createdUser('list-a'),
			await createdUser('list-b'),
			await createdUser('list-c')
		];

		const firstPage = await adminApi(fixture).listUsers({ page: 1, perPage: 2 });
		const everyone = await adminApi(fixture).listUsers({ page: 1, perPage: 1000 });

		expect(firstPage.error).toBeNull();
		expect(firstPage.data.users).toHaveLength(2);
		const pagination = firstPage.data as { total: number; nextPage: number | null; aud: string };
		expect(pagination.total).toBeGreaterThanOrEqual(3);
		expect(pagination).toMatchObject({ nextPage: 2, aud: 'authenticated' });
		const listedIds = everyone.data.users.map((user) => user.id);
		for (const user of made) expect(listedIds).toContain(user.id);
	});

	it("sends X-Total-Count and GoTrue's Link header (page first, next then last)", async () => {
		await createdUser('link-a');
		await createdUser('link-b');

		const response = await fetch(`${fixture.url}/auth/v1/admin/users?page=1&per_page=1`, {
			headers: { apikey: fixture.keys.serviceRoleKey }
		});
		const total = Number(response.headers.get('x-total-count'));

		expect(total).toBeGreaterThanOrEqual(2);
		expect(response.headers.get('link')).toBe(
			`</admin/users?page=2&per_page=1>; rel="next", </admin/users?page=${total}&per_page=1>; rel="last"`
		);
	});

	it.each(['page=abc', 'page=-1', 'per_page=99999999999999999999'])(
		'refuses the pagination parameter %s with validation_failed',
		async (query) => {
			const response = await fetch(`${fixture.url}/auth/v1/admin/users?${query}`, {
				headers: { apikey: fixture.keys.serviceRoleKey }
			});

			expect(response.status).toBe(400);
			expect(await response.json()).toMatchObject({ error_code: 'validation_failed' });
		}
	);
});

describe('admin.getUserById', () => {
	it('returns the user', async () => {
		const user = await createdUser('get');

		const { data, error } = await adminApi(fixture).getUserById(user.id);

		expect(error).toBeNull();
		expect(data.user?.email).toBe(user.email);
	});

	it('answers an unknown id with user_not_found (404)', async () => {
		const { error } = await adminApi(fixture).getUserById('00000000-0000-4000-8000-000000000000');

		expect(error?.code).toBe('user_not_found');
		expect(error?.status).toBe(404);
	});

	it('answers a malformed id with 404 validation_failed (auth-js itself refuses to send one)', async () => {
		const response = await fetch(`${fixture.url}/auth/v1/admin/users/not-a-uuid`, {
			headers: { apikey: fixture.keys.serviceRoleKey }
		});

		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({
			code: 404,
			error_code: 'validation_failed',
			msg: 'user_id must be an UUID'
		});
	});
});

describe('admin.updateUserById', () => {
	it('grants app_metadata.role = admin by merging, and null removes the key again', async () => {
		const user = await createdUser('promote');

		const promoted = await adminApi(fixture).updateUserById(user.id, {
			app_metadata: { role: 'admin' }
		});
		const demoted = await adminApi(fixture).updateUserById(user.id, {
			app_metadata: { role: null }
		});

		expect(promoted.data.user?.app_metadata).toEqual({
			provider: 'email',
			providers: ['email'],
			role: 'admin'
		});
		expect(demoted.data.user?.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
	});

	it('changes the password and signs out every existing session of that user', async () => {
		const user = await createdUser('reset');
		const before = await anonClient(fixture).auth.signInWithPassword({
			email: user.email!,
			password: PASSWORD
		});

		await adminApi(fixture).updateUserById(user.id, { password: 'admin-chosen-password' });
		const oldRefresh = await anonClient(fixture).auth.refreshSession({
			refresh_token: before.data.session!.refresh_token
		});
		const newLogin = await anonClient(fixture).auth.signInWithPassword({
			email: user.email!,
			password: 'admin-chosen-password'
		});

		expect(oldRefresh.error?.code).toBe('refresh_token_not_found');
		expect(newLogin.error).toBeNull();
	});

	it('bans with a Go duration and lifts the ban with "none"', async () => {
		const user = await createdUser('ban');

		await adminApi(fixture).updateUserById(user.id, { ban_duration: '24h' });
		const banned = await anonClient(fixture).auth.signInWithPassword({
			email: user.email!,
			password: PASSWORD
		});
		await adminApi(fixture).updateUserById(user.id, { ban_duration: 'none' });
		const lifted = await anonClient(fixture).auth.signInWithPassword({
			email: user.email!,
			password: PASSWORD
		});

		expect(banned.error?.code).toBe('user_banned');
		expect(lifted.error).toBeNull();
	});

	it('refuses a malformed ban_duration with validation_failed', async () => {
		const user = await createdUser('badban');

		const malformed = await adminApi(fixture).updateUserById(user.id, { ban_duration: 'forever' });
		const tooLong = await adminApi(fixture).updateUserById(user.id, {
			ban_duration: '999999999999h'
		});

		expect(malformed.error?.code).toBe('validation_failed');
		expect(malformed.error?.status).toBe(400);
		expect(tooLong.error?.code).toBe('validation_failed');
	});
});

describe('admin.deleteUser', () => {
	it('deletes the user; their access token then names a user that does not exist', async () => {
		const user = await createdUser('delete');
		const session = await anonClient(fixture).auth.signInWithPassword({
			email: user.email!,
			password: PASSWORD
		});

		const deleted = await adminApi(fixture).deleteUser(user.id);
		const lookup = await adminApi(fixture).getUserById(user.id);
		const me = await anonClient(fixture).auth.getUser(session.data.session!.access_token);

		expect(deleted.error).toBeNull();
		expect(lookup.error?.code).toBe('user_not_found');
		expect(me.error?.code).toBe('user_not_found');
		expect(me.error?.status).toBe(403);
	});
});

describe('admin authorization', () => {
	it('refuses the admin API with the anon key: not_admin (403)', async () => {
		const anonAdmin = anonClient(fixture).auth.admin;

		const { data, error } = await anonAdmin.listUsers();

		expect(data.users).toEqual([]);
		expect(error?.code).toBe('not_admin');
		expect(error?.status).toBe(403);
		expect(error?.message).toBe('User not allowed');
	});

	it("refuses the admin API with a user's access token, even an app_metadata admin's", async () => {
		const admin = await createdUser('appadmin', { role: 'admin' });
		const session = await anonClient(fixture).auth.signInWithPassword({
			email: admin.email!,
			password: PASSWORD
		});

		const response = await fetch(`${fixture.url}/auth/v1/admin/users`, {
			method: 'POST',
			headers: {
				apikey: fixture.keys.anonKey,
				authorization: `Bearer ${session.data.session!.access_token}`,
				'content-type': 'application/json'
			},
			body: JSON.stringify({ email: uniqueEmail('sneaky'), password: PASSWORD })
		});

		expect(response.status).toBe(403);
		expect(await response.json()).toMatchObject({ error_code: 'not_admin' });
	});
});
