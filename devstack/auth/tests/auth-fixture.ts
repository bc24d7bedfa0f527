// A private auth server for these tests: it needs settings the shared stack does not use (a
// short reuse interval so reuse detection is observable, keys that only these tests know).
// It runs on the shared stack's Postgres when vitest provides one, else on an embedded
// Postgres of its own in a temp dir; either way the project's real bootstrap and migrations.
import { createClient } from '@supabase/supabase-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadOrCreateAuthKeys, type AuthKeys } from '../keys';
import { startAuthServer, type AuthServerOptions } from '../server';
import { startEmbeddedPostgres } from '../../postgres/embedded';
import { migrateDatabase } from '../../postgres/migrate';
import { freePort } from '../../ports';

export interface AuthFixture {
	url: string;
	databaseUrl: string;
	keys: AuthKeys;
	stop(): Promise<void>;
}

type ServerSettings = Omit<AuthServerOptions, 'port' | 'databaseUrl' | 'keys'>;

export async function startAuthFixture(settings: ServerSettings = {}): Promise<AuthFixture> {
	const stoppers: (() => Promise<void>)[] = [];
	const stop = async () => {
		for (const stopOne of stoppers.reverse()) await stopOne();
	};
	try {
		const databaseUrl = await sharedOrOwnDatabase(stoppers);
		await migrateDatabase(databaseUrl);
		const keys = await loadOrCreateAuthKeys();
		const server = await startAuthServer({ port: 0, databaseUrl, keys, quiet: true, ...settings });
		stoppers.push(server.close);
		return { url: server.url, databaseUrl, keys, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

async function sharedOrOwnDatabase(stoppers: (() => Promise<void>)[]): Promise<string> {
	const shared = inject('testEnv') as { DATABASE_URL?: string } | undefined;
	if (shared?.DATABASE_URL) return shared.DATABASE_URL;

	const dataDir = mkdtempSync(join(tmpdir(), 'auth-server-test-'));
	stoppers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
	const postgres = await startEmbeddedPostgres({
		dataDir: join(dataDir, 'pg'),
		port: await freePort()
	});
	stoppers.push(postgres.stop);
	return postgres.databaseUrl;
}

/**
 * supabase-js builds a realtime client eagerly, and on Node 20 (no global WebSocket) that throws
 * unless a transport is given. These tests never open a channel, so the transport only has to
 * exist; it refuses loudly if anything ever tries to use it.
 */
class NoRealtimeWebSocket {
	constructor() {
		throw new Error('realtime is not part of the auth server tests');
	}
}

const clientOptions = {
	auth: { persistSession: false, autoRefreshToken: false },
	realtime: { transport: NoRealtimeWebSocket as unknown as typeof WebSocket }
};

export function anonClient(fixture: AuthFixture) {
	return createClient(fixture.url, fixture.keys.anonKey, clientOptions);
}

export function adminApi(fixture: AuthFixture) {
	return createClient(fixture.url, fixture.keys.serviceRoleKey, clientOptions).auth.admin;
}

/** An address no other test (or parallel file) uses. */
export function uniqueEmail(label: string): string {
	return `${label}-${randomUUID().slice(0, 8)}@auth-server.test`;
}

export const PASSWORD = 'correct-horse-battery';
