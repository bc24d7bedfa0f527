// Sign-up, sign-in, refresh-token rotation and reuse detection, the current user and sign-out,
// driven through supabase-js's own auth client against the local auth server.
import { isAuthSessionMissingError, isAuthWeakPasswordError } from '@supabase/supabase-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	anonClient,
	PASSWORD,
	startAuthFixture,
	uniqueEmail,
	type AuthFixture
} from './auth-fixture';

const REUSE_INTERVAL_SECONDS = 1;
const pastReuseInterval = () =>
	new Promise((done) => setTimeout(done, REUSE_INTERVAL_SECONDS * 1000 + 250));

let fixture: AuthFixture;
let sql: postgres.Sql;

beforeAll(async () => {
	fixture = await startAuthFixture({ refreshTokenReuseIntervalSeconds: REUSE_INTERVAL_SECONDS });
	sql = postgres(fixture.databaseUrl, { max: 2, onnotice: () => undefined });
});

afterAll(async () => {
	await sql?.end();
	await fixture?.stop();
});

async function signedUpUser(label: string) {
	const client = anonClient(fixture);
	const email = uniqueEmail(label);
	const { data, error } = await client.auth.signUp({ email, password: PASSWORD });
	if (error || !data.session) throw new Error(`signUp failed: ${error?.message}`);
	return { client, email, session: data.session };
}

describe('sign-up', () => {
	it('creates a confirmed email user and signs them in (autoconfirm)', async () => {
		const email = uniqueEmail('Signup').toUpperCase();
		const { data, error } = await anonClient(fixture).auth.signUp({
			email,
			password: PASSWORD,
			options: { data: { display_name: 'Ada' } }
		});

		expect(error).toBeNull();
		expect(data.session?.token_type).toBe('bearer');
		expect(data.session?.expires_in).toBe(3600);
		expect(data.user?.email).toBe(email.toLowerCase());
		expect(data.user?.email_confirmed_at).toBeTruthy();
		expect(data.user?.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
		expect(data.user?.user_metadata).toEqual({ display_name: 'Ada' });
		expect(data.user?.identities?.[0]).toMatchObject({ provider: 'email', id: data.user?.id });

		const [row] = await sql`
			select instance_id, encrypted_password, confirmation_token, recovery_token,
				email_change_token_new, email_change
			from auth.users where id = ${data.user!.id}`;
		expect(row).toMatchObject({
			instance_id: '00000000-0000-0000-0000-000000000000',
			confirmation_token: '',
			recovery_token: '',
			email_change_token_new: '',
			email_change: ''
		});
		expect(row?.encrypted_password).toMatch(/^\$2a\$10\$/);
	});

	it('refuses a password shorter than 6 characters with weak_password', async () => {
		const { data, error } = await anonClient(fixture).auth.signUp({
			email: uniqueEmail('weak'),
			password: '12345'
		});

		expect(data.user).toBeNull();
		expect(isAuthWeakPasswordError(error)).toBe(true);
		expect(error?.code).toBe('weak_password');
		expect(error?.status).toBe(422);
		expect(isAuthWeakPasswordError(error) && error.reasons).toEqual(['length']);
	});

	it('refuses a second sign-up for the same email with user_already_exists', async () => {
		const { email } = await signedUpUser('duplicate');

		const { error } = await anonClient(fixture).auth.signUp({
			email,
			password: 'another-password'
		});

		expect(error?.code).toBe('user_already_exists');
		expect(error?.status).toBe(422);
		expect(error?.message).toBe('User already registered');
	});

	it('refuses a malformed email with validation_failed', async () => {
		const { error } = await anonClient(fixture).auth.signUp({
			email: 'not-an-email',
			password: PASSWORD
		});

		expect(error?.code).toBe('validation_failed');
		expect(error?.status).toBe(400);
	});
});

describe('sign-in with password', () => {
	it('returns a session for the right password', async () => {
		const { email } = await signedUpUser('signin');

		const { data, error } = await anonClient(fixture).auth.signInWithPassword({
			email,
			password: PASSWORD
		});

		expect(error).toBeNull();
		expect(data.session?.access_token).toBeTruthy();
		expect(data.session?.refresh_token).toMatch(/^[a-z0-9]{12}$/);
		expect(data.user?.last_sign_in_at).toBeTruthy();
	});

	it('refuses a wrong password with invalid_credentials (400)', async () => {
		const { email } = await signedUpUser('wrongpw');

		const { data, error } = await anonClient(fixture).auth.signInWithPassword({
			email,
			password: 'wrong-password'
		});

		expect(data.session).toBeNull();
		expect(error?.name).toBe('AuthApiError');
		expect(error?.code).toBe('invalid_credentials');
		expect(error?.status).toBe(400);
		expect(error?.message).toBe('Invalid login credentials');
	});

	it('refuses a password longer than 72 bytes instead of matching its first 72', async () => {
		const client = anonClient(fixture);
		const email = uniqueEmail('long');
		const password72 = 'x'.repeat(72);
		await client.auth.signUp({ email, password: password72 });

		const { error } = await client.auth.signInWithPassword({
			email,
			password: `${password72}tail`
		});

		expect(error?.code).toBe('invalid_credentials');
	});

	it('answers an unknown email exactly like a wrong password', async () => {
		const { error } = await anonClient(fixture).auth.signInWithPassword({
			email: uniqueEmail('nobody'),
			password: PASSWORD
		});

		expect(error?.code).toBe('invalid_credentials');
		expect(error?.status).toBe(400);
	});
});

describe('refresh tokens', () => {
	it('rotates: a refresh issues a new refresh token whose parent is the old one, now revoked', async () => {
		const { client, session } = await signedUpUser('rotate');

		const { data, error } = await client.auth.refreshSession({
			refresh_token: session.refresh_token
		});

		expect(error).toBeNull();
		expect(data.session?.refresh_token).toBeTruthy();
		expect(data.session?.refresh_token).not.toBe(session.refresh_token);
		const rows = await sql`
			select token, parent, revoked from auth.refresh_tokens
			where token in ${sql([session.refresh_token, data.session!.refresh_token])}`;
		const byToken = new Map(rows.map((row) => [row.token, row]));
		expect(byToken.get(session.refresh_token)?.revoked).toBe(true);
		expect(byToken.get(data.session!.refresh_token)).toMatchObject({
			parent: session.refresh_token,
			revoked: false
		});
	});

	it('answers a replay of the just-rotated token with the active token instead of a new one', async () => {
		const { client, session } = await signedUpUser('replay');
		const first = await client.auth.refreshSession({ refresh_token: session.refresh_token });

		const replay = await client.auth.refreshSession({ refresh_token: session.refresh_token });

		expect(replay.error).toBeNull();
		expect(replay.data.session?.refresh_token).toBe(first.data.session?.refresh_token);
	});

	it('lets two concurrent refreshes with the same token both succeed with the same new token', async () => {
		const { session } = await signedUpUser('concurrent');

		const [a, b] = await Promise.all([
			anonClient(fixture).auth.refreshSession({ refresh_token: session.refresh_token }),
			anonClient(fixture).auth.refreshSession({ refresh_token: session.refresh_token })
		]);

		expect(a.error).toBeNull();
		expect(b.error).toBeNull();
		expect(a.data.session?.refresh_token).toBe(b.data.session?.refresh_token);
		expect(a.data.session?.refresh_token).not.toBe(session.refresh_token);
	});

	it('detects reuse of an older token after the reuse interval and revokes the whole session', async () => {
		const { client, session } = await signedUpUser('reuse');
		const second = await client.auth.refreshSession({ refresh_token: session.refresh_token });
		const third = await client.auth.refreshSession({
			refresh_token: second.data.session!.refresh_token
		});
		expect(third.error).toBeNull();
		await pastReuseInterval();

		const stolen = await anonClient(fixture).auth.refreshSession({
			refresh_token: session.refresh_token
		});

		expect(stolen.error?.code).toBe('refresh_token_already_used');
		expect(stolen.error?.status).toBe(400);
		expect(stolen.error?.message).toBe('Invalid Refresh Token: Already Used');
		const sessionId = decodeClaims(session.access_token).session_id;
		const [active] = await sql`
			select count(*)::int as n from auth.refresh_tokens where session_id = ${sessionId} and not revoked`;
		expect(active?.n).toBe(0);

		await pastReuseInterval();
		const legitimate = await anonClient(fixture).auth.refreshSession({
			refresh_token: third.data.session!.refresh_token
		});
		expect(legitimate.error?.code).toBe('refresh_token_already_used');
	});

	it('refuses an unknown refresh token with refresh_token_not_found', async () => {
		const { error } = await anonClient(fixture).auth.refreshSession({
			refresh_token: 'abcdefghijkl'
		});

		expect(error?.code).toBe('refresh_token_not_found');
		expect(error?.status).toBe(400);
	});
});

describe('the current user', () => {
	it('getUser() returns the signed-in user from the server', async () => {
		const { client, session } = await signedUpUser('getuser');

		const { data, error } = await client.auth.getUser();

		expect(error).toBeNull();
		expect(data.user?.id).toBe(session.user.id);
		expect(data.user?.email).toBe(session.user.email);
	});

	it('updateUser({ data }) merges keys into user_metadata and null removes one', async () => {
		const { client } = await signedUpUser('metadata');
		await client.auth.updateUser({ data: { theme: 'dark', locale: 'fr' } });

		const { data, error } = await client.auth.updateUser({ data: { locale: null, compact: true } });

		expect(error).toBeNull();
		expect(data.user?.user_metadata).toEqual({ theme: 'dark', compact: true });
	});

	it('setting user_metadata.role = "admin" never grants app_metadata.role', async () => {
		const { client, session } = await signedUpUser('escalate');

		const updated = await client.auth.updateUser({ data: { role: 'admin' } });
		const refreshed = await client.auth.refreshSession({ refresh_token: session.refresh_token });

		expect(updated.data.user?.user_metadata.role).toBe('admin');
		expect(updated.data.user?.app_metadata.role).toBeUndefined();
		const claims = decodeClaims(refreshed.data.session!.access_token);
		expect(claims.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
		expect(claims.user_metadata).toEqual({ role: 'admin' });
	});

	it('refuses app_metadata in PUT /user with not_admin (403)', async () => {
		const { session } = await signedUpUser('appmeta');

		const response = await fetch(`${fixture.url}/auth/v1/user`, {
			method: 'PUT',
			headers: {
				apikey: fixture.keys.anonKey,
				authorization: `Bearer ${session.access_token}`,
				'content-type': 'application/json',
				'x-supabase-api-version': '2024-01-01'
			},
			body: JSON.stringify({ app_metadata: { role: 'admin' } })
		});

		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({
			code: 'not_admin',
			message: 'Updating app_metadata requires admin privileges'
		});
	});

	it('changes the password, refuses the same one again, and signs in with the new one', async () => {
		const { client, email } = await signedUpUser('password');

		const changed = await client.auth.updateUser({ password: 'a-brand-new-password' });
		const same = await client.auth.updateUser({ password: 'a-brand-new-password' });
		const signIn = await anonClient(fixture).auth.signInWithPassword({
			email,
			password: 'a-brand-new-password'
		});

		expect(changed.error).toBeNull();
		expect(same.error?.code).toBe('same_password');
		expect(signIn.error).toBeNull();
	});

	it('records a new email as a pending change, as GoTrue does for confirmed users', async () => {
		const { client, email } = await signedUpUser('emailchange');
		const wanted = uniqueEmail('emailchange-new');

		const { data, error } = await client.auth.updateUser({ email: wanted });

		expect(error).toBeNull();
		expect(data.user?.email).toBe(email);
		expect(data.user?.new_email).toBe(wanted);
		expect(data.user?.email_change_sent_at).toBeTruthy();
	});
});

describe('sign-out', () => {
	it('revokes the session: its refresh token is gone and /user answers session_not_found', async () => {
		const { client, session } = await signedUpUser('signout');

		const { error } = await client.auth.signOut();
		const refresh = await anonClient(fixture).auth.refreshSession({
			refresh_token: session.refresh_token
		});
		const user = await anonClient(fixture).auth.getUser(session.access_token);

		expect(error).toBeNull();
		expect(refresh.error?.code).toBe('refresh_token_not_found');
		expect(isAuthSessionMissingError(user.error)).toBe(true);
		const raw = await fetch(`${fixture.url}/auth/v1/user`, {
			headers: { apikey: fixture.keys.anonKey, authorization: `Bearer ${session.access_token}` }
		});
		expect(raw.status).toBe(403);
		expect(await raw.json()).toMatchObject({ error_code: 'session_not_found' });
	});

	it("scope 'local' ends only this session; the user's other sessions keep working", async () => {
		const { client, email } = await signedUpUser('local');
		const other = await anonClient(fixture).auth.signInWithPassword({ email, password: PASSWORD });

		await client.auth.signOut({ scope: 'local' });
		const stillValid = await anonClient(fixture).auth.getUser(other.data.session!.access_token);

		expect(stillValid.error).toBeNull();
		expect(stillValid.data.user?.email).toBe(email);
	});

	it("scope 'global' (the default) ends every session of the user", async () => {
		const { client, email } = await signedUpUser('global');
		const other = await anonClient(fixture).auth.signInWithPassword({ email, password: PASSWORD });

		await client.auth.signOut();
		const otherUser = await anonClient(fixture).auth.getUser(other.data.session!.access_token);

		expect(isAuthSessionMissingError(otherUser.error)).toBe(true);
	});
});

function decodeClaims(token: string): Record<string, unknown> & { session_id: string } {
	const payload = token.split('.')[1] ?? '';
	return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}
