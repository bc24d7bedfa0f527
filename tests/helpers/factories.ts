// The one home of test data, for every layer (vitest integration, Playwright, DB tests):
// - logins and signed-in users made through the real auth server's admin API, unique per call
//   so test files run in parallel without sharing rows;
// - users inserted straight into auth.users, for DB tests that run on a database of their own
//   (the auth server does not see it), with the JWT claims the app would have verified;
// - credential rows as the crypto module would hand them to the store.
import { createClient } from '@supabase/supabase-js';
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import {
	SEEDED_ADMIN as SEEDED_ADMIN_ROW,
	SEEDED_USER as SEEDED_USER_ROW
} from '../../devstack/auth/seed';
import type { LocalStackEnv } from '../../devstack/stack';
import { RealtimeNotUsedOnServer } from '../../src/lib/server/auth/no-realtime';
import type { Sql } from '../../src/lib/server/db/client';
import type { UserClaims } from '../../src/lib/server/db/rls';
import type { BedrockCredentialsWrite } from '../../src/lib/server/db/types';
import type { UsageInsertRow } from '../../src/lib/server/db/usage';
import { PRICE_DATA_VERSION } from '../../src/lib/server/usage/pricing';

export type Login = { email: string; password: string };
/** A user the auth server knows, not signed in yet (browser specs sign in through the form). */
export type TestLogin = Login & { id: string };
/** A user signed in through the auth server's API. */
export type TestUser = TestLogin & { accessToken: string; refreshToken: string };
/** A user inserted into a DB test's own database, with the claims RLS will see. */
export type DbUser = { id: string; email: string; claims: UserClaims };

export const SEEDED_ADMIN: Login = pickLogin(SEEDED_ADMIN_ROW);
export const SEEDED_USER: Login = pickLogin(SEEDED_USER_ROW);

// --- the stack --------------------------------------------------------------------------------

/**
 * The running stack's environment: TEST_STACK_ENV (JSON) when tests/run.ts started the stack;
 * when vitest started it alone, tests/helpers/setup-env.ts has copied it into process.env.
 */
export function stackEnv(): LocalStackEnv {
	const raw = process.env.TEST_STACK_ENV;
	if (raw && raw !== '{}') return JSON.parse(raw) as LocalStackEnv;
	if (process.env.PUBLIC_SUPABASE_URL && process.env.SUPABASE_SERVICE_ROLE_KEY)
		return process.env as unknown as LocalStackEnv;
	throw new Error('No test stack: run the tests through `npm test` (TEST_STACK_ENV is not set)');
}

// Node 20 has no global WebSocket and supabase-js builds its Realtime client eagerly.
const noPersistence = {
	auth: { persistSession: false, autoRefreshToken: false },
	realtime: { transport: RealtimeNotUsedOnServer }
};

export function anonClient() {
	const env = stackEnv();
	return createClient(env.PUBLIC_SUPABASE_URL, env.PUBLIC_SUPABASE_ANON_KEY, noPersistence);
}

export function serviceClient() {
	const env = stackEnv();
	return createClient(env.PUBLIC_SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, noPersistence);
}

// --- users through the auth server ----------------------------------------------------------------

export interface UserOptions {
	/** `app_metadata.role = 'admin'`. */
	admin?: boolean;
	/** Start of the email, to tell test users apart in a shared database. */
	label?: string;
	userMetadata?: Record<string, unknown>;
}

export async function createLogin(options: UserOptions = {}): Promise<TestLogin> {
	const email = `${options.label ?? (options.admin ? 'admin' : 'user')}-${randomUUID().slice(0, 8)}@bedrock.test`;
	const password = `pw-${randomUUID()}`;
	const { data, error } = await serviceClient().auth.admin.createUser({
		email,
		password,
		email_confirm: true,
		app_metadata: options.admin ? { role: 'admin' } : {},
		...(options.userMetadata ? { user_metadata: options.userMetadata } : {})
	});
	if (error || !data.user) throw new Error(`createUser failed: ${error?.message}`);
	return { id: data.user.id, email, password };
}

/** A new user, signed in through the auth API (tokens for bearer calls). */
export async function createTestUser(options: UserOptions = {}): Promise<TestUser> {
	const login = await createLogin(options);
	return { ...login, ...(await signIn(login.email, login.password)) };
}

/** A new admin login for a browser spec. */
export function createAdminUser(label = 'e2e-admin'): Promise<TestLogin> {
	return createLogin({ admin: true, label });
}

/** A new login without the admin role for a browser spec. */
export function createUser(label = 'e2e-user'): Promise<TestLogin> {
	return createLogin({ label });
}

export async function signIn(
	email: string,
	password: string
): Promise<{ accessToken: string; refreshToken: string }> {
	const { data, error } = await anonClient().auth.signInWithPassword({ email, password });
	if (error || !data.session) throw new Error(`sign-in failed for ${email}: ${error?.message}`);
	return { accessToken: data.session.access_token, refreshToken: data.session.refresh_token };
}

/**
 * `count` users that exist only to be listed (no password: they never sign in), written
 * straight into the stack's auth.users in one statement: making fifty through the auth server's
 * admin API (a password hash each) would take most of a test's time budget.
 */
export async function insertListedUsers(label: string, count: number): Promise<void> {
	const sql = postgres(stackEnv().DATABASE_URL, { max: 1, onnotice: () => {} });
	try {
		await sql`
			insert into auth.users (id, email)
			select gen_random_uuid(), ${label} || '-' || lpad(n::text, 3, '0') || '@bedrock.test'
			from generate_series(1, ${count}::int) as n`;
	} finally {
		await sql.end();
	}
}

// --- rows in a DB test's own database -------------------------------------------------------------

/** Inserts a user into auth.users as the auth server would store one. */
export async function insertUser(
	owner: Sql,
	options: { admin?: boolean; userMetadata?: Record<string, unknown> } = {}
): Promise<DbUser> {
	const id = randomUUID();
	const email = `db-${id.slice(0, 8)}@test.local`;
	const appMetadata = {
		provider: 'email',
		providers: ['email'],
		...(options.admin ? { role: 'admin' } : {})
	};
	const userMetadata = options.userMetadata ?? {};
	await owner`
		insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
		                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
		values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email},
		        '', now(), ${owner.json(appMetadata)}, ${owner.json(userMetadata as never)}, now(), now())
	`;
	const claims: UserClaims = {
		sub: id,
		role: 'authenticated',
		aud: 'authenticated',
		email,
		app_metadata: appMetadata,
		user_metadata: userMetadata,
		is_anonymous: false
	};
	return { id, email, claims };
}

/** Looks like the crypto module's output: base64(iv[12] | tag[16] | ct). */
export function fakeCiphertext(plaintextLength = 40): string {
	return randomBytes(12 + 16 + plaintextLength).toString('base64');
}

/** A well-formed access key id, different on every call (the example key's id is one value). */
export function exampleKeyId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	const bytes = randomBytes(16);
	return 'AKIA' + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** A valid save for `userId` (what the crypto module would hand to the store), with overrides. */
export function credentialsWrite(
	userId: string,
	overrides: Partial<BedrockCredentialsWrite> = {}
): BedrockCredentialsWrite {
	return {
		user_id: userId,
		access_key_id: exampleKeyId(),
		secret_access_key_ciphertext: fakeCiphertext(),
		session_token_ciphertext: null,
		encryption_key_id: 'k1',
		region: 'us-east-1',
		role_arn: null,
		external_id: null,
		assume_role_via: null,
		session_duration_seconds: null,
		api_key_ciphertext: null,
		api_key_kind: null,
		api_key_last4: null,
		api_key_expires_at: null,
		...overrides
	};
}

function pickLogin(login: Login): Login {
	return { email: login.email, password: login.password };
}

/** A ledger row as the writer function takes it: a successful Converse, `changes` applied. */
export function usageInsertRow(
	userId: string,
	changes: Partial<UsageInsertRow> = {}
): UsageInsertRow {
	return {
		user_id: userId,
		model_id: 'anthropic.claude-3-haiku-20240307-v1:0',
		base_model_id: 'anthropic.claude-3-haiku-20240307-v1:0',
		inference_profile_id: null,
		region: 'us-east-1',
		operation: 'converse',
		status: 'ok',
		aws_error: null,
		input_tokens: 1000,
		output_tokens: 1000,
		cache_read_tokens: 0,
		cache_write_tokens: 0,
		aws_latency_ms: 12,
		duration_ms: 1,
		first_token_ms: null,
		cost_usd: 0.0015,
		price_version: PRICE_DATA_VERSION,
		aws_request_id: null,
		created_at: new Date().toISOString(),
		...changes
	};
}
