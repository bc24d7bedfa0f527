// Playwright-side users: fresh admins and users made through the real auth server's admin
// API (unique emails, so specs can run in parallel without sharing rows), and sign-in
// through the real login form. The stack's env comes from TEST_STACK_ENV (set by tests/run.ts).
import { expect, type Page } from '@playwright/test';
import { createClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { RealtimeNotUsedOnServer } from '../../../src/lib/server/auth/no-realtime';
import type { LocalStackEnv } from '../../../devstack/stack';
import { createBedrockAdminClient } from '../../../src/lib/trpc/client';

export type Login = { email: string; password: string };
export type E2EUser = Login & { id: string };

export const SEEDED_ADMIN: Login = { email: 'admin@bedrock.local', password: 'bedrock-admin' };
export const SEEDED_USER: Login = { email: 'user@bedrock.local', password: 'bedrock-user' };

export function stackEnv(): LocalStackEnv {
	const raw = process.env.TEST_STACK_ENV;
	if (!raw) throw new Error('TEST_STACK_ENV is not set: run the browser tests through `npm test`');
	return JSON.parse(raw) as LocalStackEnv;
}

function serviceClient() {
	const env = stackEnv();
	return createClient(env.PUBLIC_SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: RealtimeNotUsedOnServer }
	});
}

async function createLogin(label: string, appMetadata: Record<string, unknown>): Promise<E2EUser> {
	const email = `${label}-${randomUUID().slice(0, 8)}@bedrock.test`;
	const password = `pw-${randomUUID()}`;
	const { data, error } = await serviceClient().auth.admin.createUser({
		email,
		password,
		email_confirm: true,
		app_metadata: appMetadata
	});
	if (error || !data.user) throw new Error(`createUser failed: ${error?.message}`);
	return { id: data.user.id, email, password };
}

/** A new user with `app_metadata.role = 'admin'`. */
export function createAdminUser(label = 'e2e-admin'): Promise<E2EUser> {
	return createLogin(label, { role: 'admin' });
}

/** A new user without the admin role. */
export function createUser(label = 'e2e-user'): Promise<E2EUser> {
	return createLogin(label, {});
}

/**
 * `count` users that exist only to be listed (no password: they never sign in), written
 * straight into auth.users in one statement: making fifty through the auth server's admin API
 * (a password hash each) would take most of a test's time budget.
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

/** Signs in through the login form and waits until the app has navigated away from it. */
export async function signInAs(page: Page, login: Login, path = '/login'): Promise<void> {
	await page.goto(path);
	await page.getByLabel('Email').fill(login.email);
	await page.getByLabel('Password').fill(login.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

/** Saves AWS's example keys for a user through the typed API (faster than the form). */
export async function saveExampleKeysViaApi(login: Login): Promise<void> {
	const env = stackEnv();
	const supabase = createClient(env.PUBLIC_SUPABASE_URL, env.PUBLIC_SUPABASE_ANON_KEY, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: RealtimeNotUsedOnServer }
	});
	const { data, error } = await supabase.auth.signInWithPassword(login);
	if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
	const url = process.env.APP_URL;
	if (!url) throw new Error('APP_URL is not set: run the browser tests through `npm test`');
	const api = createBedrockAdminClient({ url, accessToken: data.session.access_token });
	await api.credentials.save.mutate({
		accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
		secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
		region: 'us-east-1'
	});
}
