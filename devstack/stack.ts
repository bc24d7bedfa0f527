// The local stand-ins for production's three components, started in dependency order:
// Postgres (embedded, or DATABASE_URL when set) → migrations → auth server → seeded logins →
// Bedrock emulator. Used by `npm run dev`, `npm run devstack` and the test runner alike, so
// all three exercise the same start-up path. src/ never imports this.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateAuthKeys } from './auth/keys';
import { EXAMPLE_KEY_PAIR } from './bedrock-emulator/keys';
import { seedUsers } from './auth/seed';
import { startAuthServer } from './auth/server';
import { startEmulator } from './bedrock-emulator/server';
import { loadOrCreateEncryptionKey } from './encryption-key';
import { writeEnvFile } from './env-file';
import { assertPortFree } from './ports';
import { startEmbeddedPostgres, type RunningPostgres } from './postgres/embedded';
import { migrateDatabase } from './postgres/migrate';

export interface StackPorts {
	postgres: number;
	auth: number;
	emulator: number;
}

export interface StackOptions {
	/** Folder for the Postgres cluster, keys and the env file; created when missing. */
	dataDir: string;
	ports: StackPorts;
	/** An existing database to use instead of the embedded one (the design: a set DATABASE_URL wins). */
	databaseUrl?: string;
	quiet?: boolean;
	/** Delay between streamed chunks in the emulator (ms). */
	streamChunkDelayMs?: number;
	log?: (line: string) => void;
}

/** The variables the stack writes to `.devstack/env` (the design's list). */
export type LocalStackEnv = {
	DATABASE_URL: string;
	PUBLIC_SUPABASE_URL: string;
	PUBLIC_SUPABASE_ANON_KEY: string;
	SUPABASE_SERVICE_ROLE_KEY: string;
	CREDENTIALS_ENCRYPTION_KEY: string;
	AWS_ENDPOINT_URL_BEDROCK: string;
	AWS_ENDPOINT_URL_BEDROCK_RUNTIME: string;
	AWS_ENDPOINT_URL_STS: string;
	/** The deployment identity that assumes roles for assume_role credentials (DESIGN.md). */
	ASSUME_ROLE_SOURCE_ACCESS_KEY_ID: string;
	ASSUME_ROLE_SOURCE_SECRET_ACCESS_KEY: string;
};

export interface RunningStack {
	env: LocalStackEnv;
	envFilePath: string;
	migrationsApplied: string[];
	/** The embedded Postgres (absent when DATABASE_URL was given): fault tests freeze or restart it. */
	postgres?: RunningPostgres;
	/** Stops the auth server alone (fault tests: "auth is down"); `startAuth` brings it back. */
	stopAuth(): Promise<void>;
	startAuth(): Promise<void>;
	stop(): Promise<void>;
}

export const STACK_DEFAULT_PORTS: StackPorts = { postgres: 54322, auth: 54321, emulator: 54323 };

export async function startStack(options: StackOptions): Promise<RunningStack> {
	const log = options.log ?? (() => {});
	mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
	const usesEmbedded = !options.databaseUrl;
	await assertPortFree(options.ports.auth, 'local auth server');
	await assertPortFree(options.ports.emulator, 'Bedrock emulator');
	if (usesEmbedded) await assertPortFree(options.ports.postgres, 'embedded Postgres');

	const stoppers: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const stopOne of stoppers.reverse()) await stopOne().catch(() => {});
	};
	try {
		let databaseUrl = options.databaseUrl;
		let postgres: RunningPostgres | undefined;
		if (!databaseUrl) {
			log(`starting embedded Postgres on 127.0.0.1:${options.ports.postgres}`);
			const pg = await startEmbeddedPostgres({
				dataDir: join(options.dataDir, 'postgres'),
				port: options.ports.postgres
			});
			// Through `postgres`, which a fault test may replace with a restarted server.
			stoppers.push(() => postgres?.stop() ?? Promise.resolve());
			postgres = pg;
			databaseUrl = pg.databaseUrl;
		}
		const { applied } = await migrateDatabase(databaseUrl);
		log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'migrations up to date');

		const publicUrl = `http://127.0.0.1:${options.ports.auth}`;
		const keys = await loadOrCreateAuthKeys(options.dataDir);
		const authOptions = {
			port: options.ports.auth,
			databaseUrl,
			keys,
			publicUrl,
			quiet: options.quiet
		};
		let auth: Awaited<ReturnType<typeof startAuthServer>> | undefined =
			await startAuthServer(authOptions);
		const authUrl = auth.url;
		const stopAuth = async () => {
			const running = auth;
			auth = undefined;
			await running?.close();
		};
		const startAuth = async () => {
			auth ??= await startAuthServer(authOptions);
		};
		stoppers.push(stopAuth);
		await seedUsers(databaseUrl);

		const emulator = await startEmulator({
			port: options.ports.emulator,
			quiet: options.quiet,
			streamChunkDelayMs: options.streamChunkDelayMs
		});
		stoppers.push(emulator.close);

		const env: LocalStackEnv = {
			DATABASE_URL: databaseUrl,
			PUBLIC_SUPABASE_URL: authUrl,
			PUBLIC_SUPABASE_ANON_KEY: keys.anonKey,
			SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
			CREDENTIALS_ENCRYPTION_KEY: loadOrCreateEncryptionKey(options.dataDir),
			AWS_ENDPOINT_URL_BEDROCK: emulator.url,
			AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
			AWS_ENDPOINT_URL_STS: emulator.url,
			ASSUME_ROLE_SOURCE_ACCESS_KEY_ID: EXAMPLE_KEY_PAIR.accessKeyId,
			ASSUME_ROLE_SOURCE_SECRET_ACCESS_KEY: EXAMPLE_KEY_PAIR.secretAccessKey
		};
		const envFilePath = join(options.dataDir, 'env');
		writeEnvFile(envFilePath, env);
		return {
			env,
			envFilePath,
			migrationsApplied: applied,
			get postgres() {
				return postgres;
			},
			set postgres(restarted) {
				postgres = restarted;
			},
			stopAuth,
			startAuth,
			stop
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
