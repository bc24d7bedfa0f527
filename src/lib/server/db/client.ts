/**
 * The server's one postgres.js pool, from DATABASE_URL.
 *
 * Why process.env and not `$env/dynamic/private`: this module is also imported by vitest
 * integration tests and tsx scripts (key rotation, devstack), where SvelteKit's `$env` modules
 * do not exist. SvelteKit's adapter-node fills process.env from the environment as well.
 *
 * `prepare: false` always: in production the server reaches Supabase through the connection
 * pooler in transaction mode (port 6543), which cannot keep named prepared statements across
 * transactions. Using the same setting locally means dev and tests behave like production.
 */
import postgres from 'postgres';
import { resilienceConfig } from '../resilience/config';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

let pool: Sql | undefined;

export function getSql(): Sql {
	if (pool) return pool;
	const url = process.env.DATABASE_URL;
	if (!url) {
		throw new Error(
			'DATABASE_URL is not set: the server needs the Postgres connection string ' +
				'(local stack: see .devstack/env; hosted: the Supabase pooler URL).'
		);
	}
	pool = createSql(url);
	return pool;
}

/** A pool with the server's settings, for callers that hold their own URL (tests, scripts). */
export function createSql(url: string, options: { max?: number } = {}): Sql {
	return postgres(url, {
		max: options.max ?? 10,
		prepare: false,
		idle_timeout: 20,
		// Seconds. Covers the TCP connect and the start-up handshake (a hung server accepts the
		// connection in its kernel backlog but never answers). Query deadlines are in guard.ts.
		connect_timeout: resilienceConfig().DB_CONNECT_TIMEOUT_MS / 1000,
		// Notices (e.g. "relation already exists, skipping") are noise in server logs.
		onnotice: () => {}
	});
}

/**
 * Drops the shared pool at once (its connections may be stuck on a hung server) so the next
 * call opens fresh ones; queries still on the old pool fail with CONNECTION_DESTROYED.
 */
export function resetSql(): void {
	const old = pool;
	pool = undefined;
	void old?.end({ timeout: 0 }).catch(() => {});
}

/** Ends the shared pool (tests and scripts; the server keeps it for its lifetime). */
export async function closeSql(): Promise<void> {
	const current = pool;
	pool = undefined;
	await current?.end({ timeout: 5 });
}
