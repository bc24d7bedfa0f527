// The seeded logins (idempotent, GoTrue-shaped rows, admin role in app_metadata) and the
// persistence of the signing and API keys across restarts.
import { jwtVerify, importJWK } from 'jose';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateAuthKeys } from '../keys';
import { SEEDED_ADMIN, SEEDED_USER, seedUsers } from '../seed';
import { anonClient, startAuthFixture, type AuthFixture } from './auth-fixture';

let fixture: AuthFixture;
let sql: postgres.Sql;

beforeAll(async () => {
	fixture = await startAuthFixture();
	sql = postgres(fixture.databaseUrl, { max: 1, onnotice: () => undefined });
});

afterAll(async () => {
	await sql?.end();
	await fixture?.stop();
});

const seededRows = () => sql`
	select id, email, encrypted_password, raw_app_meta_data, raw_user_meta_data, created_at
	from auth.users where email in ${sql([SEEDED_ADMIN.email, SEEDED_USER.email])} order by email`;

describe('seedUsers', () => {
	it('is idempotent: a second run creates nothing and changes no id, password or metadata', async () => {
		await seedUsers(fixture.databaseUrl);
		const before = await seededRows();

		const second = await seedUsers(fixture.databaseUrl);
		const after = await seededRows();

		expect(second.created).toEqual([]);
		expect(before).toHaveLength(2);
		expect(after).toEqual(before);
	});

	it('writes rows the way GoTrue does: nil instance_id, empty token columns, an email identity', async () => {
		await seedUsers(fixture.databaseUrl);

		const rows = await sql`
			select u.instance_id, u.aud, u.role, u.confirmation_token, u.recovery_token,
				u.email_change_token_new, u.email_change, u.email_confirmed_at is not null as confirmed,
				i.provider, i.provider_id = u.id::text as identity_matches
			from auth.users u join auth.identities i on i.user_id = u.id
			where u.email in ${sql([SEEDED_ADMIN.email, SEEDED_USER.email])}`;

		expect(rows).toHaveLength(2);
		for (const row of rows) {
			expect(row).toEqual({
				instance_id: '00000000-0000-0000-0000-000000000000',
				aud: 'authenticated',
				role: 'authenticated',
				confirmation_token: '',
				recovery_token: '',
				email_change_token_new: '',
				email_change: '',
				confirmed: true,
				provider: 'email',
				identity_matches: true
			});
		}
	});

	it('lets the seeded admin sign in with app_metadata.role = admin in user and token', async () => {
		await seedUsers(fixture.databaseUrl);

		const { data, error } = await anonClient(fixture).auth.signInWithPassword({
			email: SEEDED_ADMIN.email,
			password: SEEDED_ADMIN.password
		});

		expect(error).toBeNull();
		expect(data.user?.app_metadata).toEqual({
			provider: 'email',
			providers: ['email'],
			role: 'admin'
		});
		const claims = JSON.parse(
			Buffer.from(data.session!.access_token.split('.')[1]!, 'base64url').toString()
		);
		expect(claims.app_metadata.role).toBe('admin');
	});

	it('lets the seeded user sign in without any role', async () => {
		await seedUsers(fixture.databaseUrl);

		const { data, error } = await anonClient(fixture).auth.signInWithPassword({
			email: SEEDED_USER.email,
			password: SEEDED_USER.password
		});

		expect(error).toBeNull();
		expect(data.user?.app_metadata.role).toBeUndefined();
	});
});

describe('loadOrCreateAuthKeys', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'auth-keys-test-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('persists the keys: a second load returns the same signing key and API keys', async () => {
		const first = await loadOrCreateAuthKeys(dir);
		const second = await loadOrCreateAuthKeys(dir);

		expect(second).toEqual(first);
		expect(statSync(join(dir, 'auth-keys.json')).mode & 0o777).toBe(0o600);
	});

	it('mints anon and service_role API keys that verify with the public key', async () => {
		const keys = await loadOrCreateAuthKeys(dir);
		const publicKey = await importJWK(keys.publicJwk, 'ES256');

		const anon = await jwtVerify(keys.anonKey, publicKey);
		const service = await jwtVerify(keys.serviceRoleKey, publicKey);

		expect(anon.payload).toMatchObject({ role: 'anon', iss: 'supabase-demo' });
		expect(service.payload).toMatchObject({ role: 'service_role', iss: 'supabase-demo' });
		expect(anon.protectedHeader.kid).toBe(keys.kid);
		expect(service.payload.exp! - service.payload.iat!).toBeGreaterThan(5 * 365 * 24 * 3600);
		expect(keys.publicJwk).not.toHaveProperty('d');
	});

	it('gives a fresh key pair when no directory is given', async () => {
		const a = await loadOrCreateAuthKeys();
		const b = await loadOrCreateAuthKeys();

		expect(a.kid).not.toBe(b.kid);
	});
});
