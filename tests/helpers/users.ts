// Test users made through the real auth server's admin API, unique per call so test files
// can run in parallel without sharing rows.
import { createClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { RealtimeNotUsedOnServer } from '../../src/lib/server/auth/no-realtime';
import { testEnv } from './test-env';

export interface TestUser {
	id: string;
	email: string;
	password: string;
	accessToken: string;
	refreshToken: string;
}

// Node 20 has no global WebSocket and supabase-js builds its Realtime client eagerly.
const noPersistence = {
	auth: { persistSession: false, autoRefreshToken: false },
	realtime: { transport: RealtimeNotUsedOnServer }
};

export function anonClient() {
	const env = testEnv();
	return createClient(env.PUBLIC_SUPABASE_URL, env.PUBLIC_SUPABASE_ANON_KEY, noPersistence);
}

export function serviceClient() {
	const env = testEnv();
	return createClient(env.PUBLIC_SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, noPersistence);
}

export async function createTestUser(
	options: { admin?: boolean; label?: string } = {}
): Promise<TestUser> {
	const email = `${options.label ?? (options.admin ? 'admin' : 'user')}-${randomUUID().slice(0, 8)}@bedrock.test`;
	const password = `pw-${randomUUID()}`;
	const created = await serviceClient().auth.admin.createUser({
		email,
		password,
		email_confirm: true,
		app_metadata: options.admin ? { role: 'admin' } : {}
	});
	if (created.error || !created.data.user)
		throw new Error(`createUser failed: ${created.error?.message}`);
	return { id: created.data.user.id, email, password, ...(await signIn(email, password)) };
}

export async function signIn(
	email: string,
	password: string
): Promise<{ accessToken: string; refreshToken: string }> {
	const { data, error } = await anonClient().auth.signInWithPassword({ email, password });
	if (error || !data.session) throw new Error(`sign-in failed for ${email}: ${error?.message}`);
	return { accessToken: data.session.access_token, refreshToken: data.session.refresh_token };
}
