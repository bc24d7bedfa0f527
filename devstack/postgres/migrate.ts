/**
 * Brings a local database to the schema the app expects: first the Supabase stand-in
 * (bootstrap.sql, idempotent, every time), then each `supabase/migrations/*.sql` not yet
 * recorded in `supabase_migrations.schema_migrations`, in filename order, each in its own
 * transaction. Same table and naming rules as the Supabase CLI (`^([0-9]+)_(.*)\.sql$`), so a
 * database migrated here looks to `supabase migration list` like one migrated by the CLI.
 *
 * Concurrent callers (parallel test files, two devstacks on one database) are serialised with
 * a session advisory lock, so nothing is applied twice.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const here = path.dirname(fileURLToPath(import.meta.url));
const BOOTSTRAP_FILE = path.join(here, 'bootstrap.sql');
const DEFAULT_MIGRATIONS_DIR = path.resolve(here, '..', '..', 'supabase', 'migrations');
const MIGRATION_FILE = /^([0-9]+)_(.*)\.sql$/;
/** Arbitrary constant: "bedrock-admin migrate". */
const MIGRATION_LOCK_KEY = 7_310_542_118;

export interface MigrationResult {
	/** Filenames applied by this call, in order (empty when the database was up to date). */
	applied: string[];
}

export async function migrateDatabase(
	databaseUrl: string,
	options: { migrationsDir?: string } = {}
): Promise<MigrationResult> {
	const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, prepare: false });
	try {
		const connection = await sql.reserve();
		try {
			await connection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
			try {
				await runFile(connection, BOOTSTRAP_FILE, 'bootstrap.sql');
				return { applied: await applyPending(connection, migrationsDir) };
			} finally {
				await connection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
			}
		} finally {
			connection.release();
		}
	} finally {
		await sql.end({ timeout: 5 });
	}
}

async function applyPending(sql: postgres.ReservedSql, migrationsDir: string): Promise<string[]> {
	const files = (await readdir(migrationsDir)).filter((name) => MIGRATION_FILE.test(name)).sort();
	const done = new Set(
		(
			await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`
		).map((row) => row.version)
	);
	const applied: string[] = [];
	for (const file of files) {
		const [, version, name] = MIGRATION_FILE.exec(file) as RegExpExecArray;
		if (done.has(version as string)) continue;
		const text = await readFile(path.join(migrationsDir, file), 'utf8');
		await sql`begin`;
		try {
			await sql.unsafe(text);
			// The CLI stores the statements it ran; one entry per file is enough to audit them.
			await sql`
				insert into supabase_migrations.schema_migrations (version, name, statements)
				values (${version as string}, ${name as string}, ${[text]})
			`;
			await sql`commit`;
		} catch (error) {
			await sql`rollback`;
			throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
		}
		applied.push(file);
	}
	return applied;
}

async function runFile(sql: postgres.ReservedSql, file: string, label: string): Promise<void> {
	const text = await readFile(file, 'utf8');
	await sql`begin`;
	try {
		await sql.unsafe(text);
		await sql`commit`;
	} catch (error) {
		await sql`rollback`;
		throw new Error(`${label} failed: ${(error as Error).message}`, { cause: error });
	}
}
