/**
 * `npm run db:types`: regenerates src/lib/server/db/schema.generated.ts from the schema the
 * migrations build. By default it starts a throw-away embedded Postgres on a free port, applies
 * supabase/migrations (the same path as the local stack and the tests) and reads that, so the
 * result depends on the migrations alone, never on a drifted dev database.
 *
 *   npm run db:types                              from the migrations (embedded Postgres)
 *   npm run db:types -- --database-url <url>      from an existing, already migrated database
 *   npm run db:types -- --check                   exit 1 (and write nothing) when the file is stale
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../devstack/ports';
import { startEmbeddedPostgres } from '../../devstack/postgres/embedded';
import { migrateDatabase } from '../../devstack/postgres/migrate';
import { createSql } from '../../src/lib/server/db/client';
import { generateSchemaTypes, SCHEMA_TYPES_FILE } from './generate';

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const check = args.includes('--check');
	const urlIndex = args.indexOf('--database-url');
	const givenUrl = urlIndex >= 0 ? args[urlIndex + 1] : undefined;
	if (urlIndex >= 0 && !givenUrl) {
		console.error('db:types: --database-url needs a value (postgres://…)');
		return 2;
	}

	const text = givenUrl ? await generateFrom(givenUrl) : await generateFromMigrations();
	const relative = path.relative(process.cwd(), SCHEMA_TYPES_FILE);
	const current = await readFile(SCHEMA_TYPES_FILE, 'utf8').catch(() => '');
	if (current === text) {
		console.log(`db:types: ${relative} is up to date`);
		return 0;
	}
	if (check) {
		console.error(`db:types: ${relative} is stale: run \`npm run db:types\` and commit it`);
		return 1;
	}
	await writeFile(SCHEMA_TYPES_FILE, text);
	console.log(`db:types: wrote ${relative}`);
	return 0;
}

async function generateFrom(databaseUrl: string): Promise<string> {
	const sql = createSql(databaseUrl, { max: 2 });
	try {
		return await generateSchemaTypes(sql);
	} finally {
		await sql.end({ timeout: 5 });
	}
}

async function generateFromMigrations(): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'bedrock-admin-db-types-'));
	const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
	try {
		const { applied } = await migrateDatabase(pg.databaseUrl);
		console.log(`db:types: applied ${applied.length} migrations to a throw-away Postgres`);
		return await generateFrom(pg.databaseUrl);
	} finally {
		await pg.stop();
		await rm(dir, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		console.error(`db:types failed: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(1);
	}
);
