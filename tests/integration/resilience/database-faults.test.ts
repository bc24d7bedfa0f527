// The quick part of `npm run faults` that runs inside `npm test`: the server's database layer
// against a Postgres of its own (the shared stack's must not be frozen under other tests), hung
// with SIGSTOP, woken with SIGCONT, and restarted. It checks the answer and the time it took,
// that a transaction caught by the deadline is rolled back, and that the pool reconnects.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../devstack/ports';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../devstack/postgres/embedded';
import { migrateDatabase } from '../../../devstack/postgres/migrate';
import { signalTree } from '../../../devstack/postgres/process-tree';
import { closeSql, createSql, type Sql } from '../../../src/lib/server/db/client';
import { guardedTransaction } from '../../../src/lib/server/db/guard';
import { withUserRls } from '../../../src/lib/server/db/rls';
import { breakerFor } from '../../../src/lib/server/resilience/breakers';
import { DependencyError } from '../../../src/lib/server/resilience/dependency-error';

// Short deadlines so the smoke stays quick; `npm run faults` uses the app's real settings.
const CONNECT_MS = 800;
const QUERY_MS = 1_200;
const COOLDOWN_MS = 1_500;
Object.assign(process.env, {
	DB_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
	DB_QUERY_TIMEOUT_MS: String(QUERY_MS),
	BREAKER_FAILURE_THRESHOLD: '2',
	BREAKER_COOLDOWN_MS: String(COOLDOWN_MS)
});

const claims = { sub: randomUUID(), role: 'authenticated' };
const asUser = () => withUserRls(claims, (tx) => tx`select 1 as one`);

async function timed<T>(
	run: () => Promise<T>
): Promise<{ ms: number; error?: unknown; value?: T }> {
	const started = performance.now();
	try {
		const value = await run();
		return { ms: performance.now() - started, value };
	} catch (error) {
		return { ms: performance.now() - started, error };
	}
}

async function eventually(check: () => Promise<unknown>, withinMs: number): Promise<number> {
	const started = performance.now();
	let last: unknown;
	while (performance.now() - started < withinMs) {
		try {
			await check();
			return performance.now() - started;
		} catch (error) {
			last = error;
			await new Promise((done) => setTimeout(done, 200));
		}
	}
	throw last;
}

describe('database faults (smoke)', () => {
	let dir: string;
	let pg: RunningPostgres;
	let owner: Sql;

	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'bedrock-admin-faults-'));
		pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
		await migrateDatabase(pg.databaseUrl);
		process.env.DATABASE_URL = pg.databaseUrl;
		owner = createSql(pg.databaseUrl, { max: 2 });
		await owner`create table if not exists public.fault_probe (id int)`;
	});

	afterAll(async () => {
		signalTree(pg.pid, 'SIGCONT');
		await closeSql();
		await owner?.end({ timeout: 1 });
		await pg?.stop();
		await rm(dir, { recursive: true, force: true });
	});

	it('answers a hung database with a typed timeout within the deadline, then fails fast', async () => {
		expect((await asUser())[0]).toEqual({ one: 1 });
		signalTree(pg.pid, 'SIGSTOP');
		try {
			for (let i = 0; i < 2; i++) {
				const { ms, error } = await timed(asUser);
				expect(error).toBeInstanceOf(DependencyError);
				expect(error).toMatchObject({
					dependency: 'database',
					code: 'SERVICE_UNAVAILABLE',
					retryable: true
				});
				// Either deadline (waiting for a connection, or the query) and never much past both.
				expect(ms).toBeGreaterThanOrEqual(CONNECT_MS - 50);
				expect(ms).toBeLessThan(CONNECT_MS + QUERY_MS + 1_000);
			}
			expect(breakerFor('database').state).toBe('open');
			const { ms, error } = await timed(asUser);
			expect(error).toMatchObject({ dependency: 'database', fault: 'circuit_open' });
			expect(ms).toBeLessThan(100);
		} finally {
			signalTree(pg.pid, 'SIGCONT');
		}
		// After the cooldown one probe goes through on a fresh pool and closes the circuit.
		const recoveredIn = await eventually(asUser, COOLDOWN_MS + 10_000);
		expect(recoveredIn).toBeLessThan(COOLDOWN_MS + 10_000);
		expect(breakerFor('database').state).toBe('closed');
	});

	it('rolls back a transaction whose deadline expired, even when the server wakes up later', async () => {
		const marker = Math.floor(Math.random() * 1e9);
		const { error } = await timed(() =>
			guardedTransaction(
				async (tx) => {
					await tx`insert into public.fault_probe (id) values (${marker})`;
					signalTree(pg.pid, 'SIGSTOP');
					await tx`select 1`;
					return 'committed';
				},
				{ sql: owner }
			)
		);
		expect(error).toMatchObject({ dependency: 'database', fault: 'timeout' });
		signalTree(pg.pid, 'SIGCONT');
		// Give the woken transaction time to reach its end (rollback) before looking.
		await new Promise((done) => setTimeout(done, 500));
		const rows = await eventually(async () => {
			const found =
				await owner`select count(*)::int as n from public.fault_probe where id = ${marker}`;
			if (found[0]?.n !== 0) throw new Error(`row present: ${found[0]?.n}`);
		}, 5_000);
		expect(rows).toBeLessThan(5_000);
		await eventually(asUser, COOLDOWN_MS + 10_000);
	});

	it('serves again after a restart of Postgres, without a new pool from the caller', async () => {
		expect((await asUser())[0]).toEqual({ one: 1 });
		await pg.stop();
		const down = await timed(asUser);
		expect(down.error).toMatchObject({ dependency: 'database', code: 'SERVICE_UNAVAILABLE' });
		expect(down.ms).toBeLessThan(CONNECT_MS + QUERY_MS + 1_000);
		pg = await startEmbeddedPostgres({ dataDir: pg.dataDir, port: pg.port });
		const back = await eventually(asUser, COOLDOWN_MS + 15_000);
		expect(back).toBeLessThan(COOLDOWN_MS + 15_000);
	});
});
