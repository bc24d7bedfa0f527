// The migrator and the Supabase bootstrap: migrations apply once and in order, nothing relies
// on default privileges, the roles and auth.* objects behave as Supabase's do.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../devstack/postgres/migrate';
import { withAnonRls, withUserRls } from '../../../src/lib/server/db/rls';
import { createTestDatabase, type TestDatabase } from './database';
import { insertUser } from '../../helpers/factories';

const MIGRATION_FILES = readdirSync('supabase/migrations')
	.filter((name) => /^[0-9]+_.*\.sql$/.test(name))
	.sort();
const PUBLIC_TABLES = ['bedrock_credentials', 'audit_log', 'connection_tests'];

let db: TestDatabase;

beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.close();
});

describe('migrateDatabase', () => {
	it('applied every migration file, in filename order, on a fresh database', () => {
		expect(MIGRATION_FILES.length).toBeGreaterThanOrEqual(4);
		expect(db.applied).toEqual(MIGRATION_FILES);
	});

	it('applies nothing the second time and records versions like the Supabase CLI', async () => {
		expect(await migrateDatabase(db.url)).toEqual({ applied: [] });
		const recorded = await db.owner<{ version: string; name: string }[]>`
			select version, name from supabase_migrations.schema_migrations order by version`;
		expect(recorded.map((row) => `${row.version}_${row.name}.sql`)).toEqual(MIGRATION_FILES);
	});

	it('is safe when several callers migrate the same database at once', async () => {
		const results = await Promise.all([
			migrateDatabase(db.url),
			migrateDatabase(db.url),
			migrateDatabase(db.url)
		]);
		expect(results).toEqual([{ applied: [] }, { applied: [] }, { applied: [] }]);
	});
});

describe('privileges do not come from defaults', () => {
	it.each(PUBLIC_TABLES)('gives anon no privilege at all on public.%s', async (table) => {
		const [row] = await db.owner`
			select bool_or(has_table_privilege('anon', ${'public.' + table}, p)) as any
			from unnest(array['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger']) as p`;
		expect(row?.any).toBe(false);
	});

	it.each(PUBLIC_TABLES)('has row level security enabled on public.%s', async (table) => {
		const [row] = await db.owner`
			select relrowsecurity from pg_class where oid = ${'public.' + table}::regclass`;
		expect(row?.relrowsecurity).toBe(true);
	});

	it('gives authenticated no table-wide select on bedrock_credentials, and no column select on secrets', async () => {
		const [row] = await db.owner`
			select has_table_privilege('authenticated', 'public.bedrock_credentials', 'select') as table_select,
			       has_column_privilege('authenticated', 'public.bedrock_credentials', 'secret_access_key_ciphertext', 'select') as secret,
			       has_column_privilege('authenticated', 'public.bedrock_credentials', 'session_token_ciphertext', 'select') as token,
			       has_column_privilege('authenticated', 'public.bedrock_credentials', 'access_key_id', 'select') as key_id,
			       has_column_privilege('authenticated', 'public.bedrock_credentials', 'secret_access_key_ciphertext', 'update') as secret_write`;
		expect(row).toEqual({
			table_select: false,
			secret: false,
			token: false,
			key_id: true,
			secret_write: true
		});
	});

	it('gives a new public table nothing for the API roles (auto_expose_new_tables = false)', async () => {
		const privileges = await db.owner.begin(async (tx) => {
			await tx`create table public.probe_new_table (id int)`;
			const [row] = await tx`
				select has_table_privilege('anon', 'public.probe_new_table', 'select') as anon,
				       has_table_privilege('authenticated', 'public.probe_new_table', 'select') as authenticated,
				       has_table_privilege('service_role', 'public.probe_new_table', 'select') as service_role`;
			await tx`rollback and chain`;
			return row;
		});
		expect(privileges).toEqual({ anon: false, authenticated: false, service_role: false });
	});

	it('lets neither anon nor authenticated execute the ciphertext read or the trigger functions', async () => {
		const [row] = await db.owner`
			select has_function_privilege('anon', 'private.get_bedrock_secret(uuid)', 'execute') as anon_secret,
			       has_function_privilege('authenticated', 'private.get_bedrock_secret(uuid)', 'execute') as user_secret,
			       has_function_privilege('service_role', 'private.get_bedrock_secret(uuid)', 'execute') as service_secret,
			       has_schema_privilege('authenticated', 'private', 'usage') as user_private,
			       has_function_privilege('anon', 'public.admin_list_users_with_credentials()', 'execute') as anon_list`;
		expect(row).toEqual({
			anon_secret: false,
			user_secret: false,
			service_secret: true,
			user_private: false,
			anon_list: false
		});
	});
});

describe('Supabase bootstrap', () => {
	it("creates the API roles with Supabase's attributes", async () => {
		const roles = await db.owner<
			{ rolname: string; rolcanlogin: boolean; rolinherit: boolean; rolbypassrls: boolean }[]
		>`
			select rolname, rolcanlogin, rolinherit, rolbypassrls from pg_roles
			where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by rolname`;
		expect(roles).toEqual([
			{ rolname: 'anon', rolcanlogin: false, rolinherit: true, rolbypassrls: false },
			{ rolname: 'authenticated', rolcanlogin: false, rolinherit: true, rolbypassrls: false },
			{ rolname: 'authenticator', rolcanlogin: true, rolinherit: false, rolbypassrls: false },
			{ rolname: 'service_role', rolcanlogin: false, rolinherit: true, rolbypassrls: true }
		]);
		const [membership] = await db.owner`
			select pg_has_role('authenticator', 'anon', 'member') and pg_has_role('authenticator', 'authenticated', 'member')
			       and pg_has_role('authenticator', 'service_role', 'member') as granted`;
		expect(membership?.granted).toBe(true);
	});

	it("applies the roles' statement timeouts inside the request transaction", async () => {
		const user = await insertUser(db.owner);
		const [asUser] = await withUserRls(
			user.claims,
			(tx) => tx`select current_setting('statement_timeout') as t`,
			{
				sql: db.owner
			}
		);
		const [asAnon] = await withAnonRls(
			(tx) => tx`select current_setting('statement_timeout') as t`,
			{ sql: db.owner }
		);
		expect([asUser?.t, asAnon?.t]).toEqual(['8s', '3s']);
	});

	it('answers auth.uid(), auth.role(), auth.email() and auth.jwt() from the claims', async () => {
		const admin = await insertUser(db.owner, { admin: true });
		const [row] = await withUserRls(
			admin.claims,
			(tx) => tx`
				select auth.uid() as uid, auth.role() as role, auth.email() as email,
				       auth.jwt() -> 'app_metadata' ->> 'role' as app_role, auth.jwt() ->> 'aud' as aud`,
			{ sql: db.owner }
		);
		expect(row).toEqual({
			uid: admin.id,
			role: 'authenticated',
			email: admin.email,
			app_role: 'admin',
			aud: 'authenticated'
		});

		const [anon] = await withAnonRls((tx) => tx`select auth.uid() as uid, auth.role() as role`, {
			sql: db.owner
		});
		expect(anon).toEqual({ uid: null, role: 'anon' });
		const [none] = await db.owner`select auth.uid() as uid, auth.jwt() as jwt`;
		expect(none).toEqual({ uid: null, jwt: null });
	});

	it('prefers the legacy request.jwt.claim.sub setting, as Supabase does', async () => {
		const [row] = await db.owner.begin(
			(tx) => tx`
				select set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-8000-000000000002"}', true),
				       set_config('request.jwt.claim.sub', '00000000-0000-4000-8000-000000000001', true),
				       auth.uid() as uid`
		);
		expect(row?.uid).toBe('00000000-0000-4000-8000-000000000001');
	});

	it('stores auth.users like GoTrue: empty-string tokens, generated confirmed_at, non-SSO unique email', async () => {
		const user = await insertUser(db.owner);
		const [row] = await db.owner`
			select confirmation_token, recovery_token, email_change_token_new, email_change, phone_change,
			       email_change_token_current, reauthentication_token, confirmed_at = email_confirmed_at as confirmed,
			       is_sso_user, is_anonymous
			from auth.users where id = ${user.id}`;
		expect(row).toEqual({
			confirmation_token: '',
			recovery_token: '',
			email_change_token_new: '',
			email_change: '',
			phone_change: '',
			email_change_token_current: '',
			reauthentication_token: '',
			confirmed: true,
			is_sso_user: false,
			is_anonymous: false
		});
		await expect(
			db.owner`insert into auth.users (id, email) values (gen_random_uuid(), ${user.email})`
		).rejects.toMatchObject({ code: '23505' });
		await expect(
			db.owner`insert into auth.users (id, email, confirmed_at) values (gen_random_uuid(), 'x@test.local', now())`
		).rejects.toMatchObject({ code: '428C9' });
		const sso =
			await db.owner`insert into auth.users (id, email, is_sso_user) values (gen_random_uuid(), ${user.email}, true) returning id`;
		expect(sso).toHaveLength(1);
	});

	it("cascades a user's identities, sessions and refresh tokens on delete", async () => {
		const user = await insertUser(db.owner);
		const sessionId = crypto.randomUUID();
		await db.owner`
			insert into auth.identities (provider_id, user_id, identity_data, provider)
			values (${user.id}, ${user.id}, ${db.owner.json({ sub: user.id, email: user.email })}, 'email')`;
		await db.owner`insert into auth.sessions (id, user_id, aal) values (${sessionId}, ${user.id}, 'aal1')`;
		await db.owner`insert into auth.refresh_tokens (token, user_id, session_id, revoked) values ('abcdefghijkl', ${user.id}, ${sessionId}, false)`;
		const [identity] = await db.owner`select email from auth.identities where user_id = ${user.id}`;
		expect(identity?.email).toBe(user.email);

		await db.owner`delete from auth.users where id = ${user.id}`;
		const [left] = await db.owner`
			select (select count(*) from auth.identities where user_id = ${user.id})::int
			     + (select count(*) from auth.sessions where user_id = ${user.id})::int
			     + (select count(*) from auth.refresh_tokens where session_id = ${sessionId})::int as n`;
		expect(left?.n).toBe(0);
	});

	it("keeps auth tables out of the API roles' reach", async () => {
		const user = await insertUser(db.owner);
		await expect(
			withUserRls(user.claims, (tx) => tx`select email from auth.users`, { sql: db.owner })
		).rejects.toMatchObject({ code: '42501' });
	});
});
