// The one place DB tests get a database: a fresh, fully migrated database of their own.
// Under the shared harness (DATABASE_URL set by tests/helpers/setup-env.ts) it is a new
// database on the stack's cluster, so these tests never see other files' rows and can check a
// migration run from scratch; run alone (no DATABASE_URL) it is an embedded cluster in a temp dir.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../../devstack/postgres/embedded';
import { migrateDatabase } from '../../../devstack/postgres/migrate';
import { createSql, type Sql } from '../../../src/lib/server/db/client';

export interface TestDatabase {
	url: string;
	/** Superuser pool (the table owner): for arranging rows and checking what really happened. */
	owner: Sql;
	/** Migrations applied when the database was created. */
	applied: string[];
	close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
	const shared = process.env.DATABASE_URL;
	const { url, dispose } = shared ? await createDatabaseOn(shared) : await startOwnCluster();
	const { applied } = await migrateDatabase(url);
	const owner = createSql(url, { max: 4 });
	return {
		url,
		owner,
		applied,
		async close() {
			await owner.end({ timeout: 5 });
			await dispose();
		}
	};
}

async function createDatabaseOn(clusterUrl: string) {
	const name = `db_test_${randomBytes(6).toString('hex')}`;
	const admin = createSql(clusterUrl, { max: 1 });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(clusterUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		dispose: async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end({ timeout: 5 });
		}
	};
}

async function startOwnCluster() {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'bedrock-admin-db-test-'));
	const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
	return {
		url: pg.databaseUrl,
		dispose: async () => {
			await pg.stop();
			await rm(dir, { recursive: true, force: true });
		}
	};
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}
