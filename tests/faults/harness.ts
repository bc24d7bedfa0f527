/**
 * What `npm run faults` drives: a private local stack on free ports (its own embedded Postgres,
 * auth server and Bedrock emulator, in a temp folder) and the built app on top of it, started
 * with short deadlines so each fault is answered in seconds. It can freeze and restart
 * Postgres, stop the auth server, restart the app, and call the API as a program would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';
import { SEEDED_ADMIN, SEEDED_USER } from '../helpers/factories';
import postgres from 'postgres';
import {
	emulatorControl,
	type EmulatorControl
} from '../../devstack/bedrock-emulator/control-client';
import { freePort } from '../../devstack/ports';
import { startEmbeddedPostgres } from '../../devstack/postgres/embedded';
import { signalTree } from '../../devstack/postgres/process-tree';
import { startStack, type RunningStack } from '../../devstack/stack';
import { RealtimeNotUsedOnServer } from '../../src/lib/server/auth/no-realtime';
import { createBedrockAdminClient } from '../../src/lib/trpc/client';
import { waitForHttp } from '../helpers/test-stack';

/** The app's settings under test: short, so the suite runs in minutes; printed with the table. */
export const FAULT_APP_ENV = {
	DB_CONNECT_TIMEOUT_MS: '2000',
	DB_QUERY_TIMEOUT_MS: '3000',
	AUTH_TIMEOUT_MS: '2000',
	AWS_CONTROL_ATTEMPT_TIMEOUT_MS: '2000',
	AWS_CONTROL_TOTAL_TIMEOUT_MS: '5000',
	AWS_FIRST_BYTE_TIMEOUT_MS: '3000',
	AWS_STREAM_IDLE_TIMEOUT_MS: '2000',
	AWS_CALL_TIMEOUT_MS: '20000',
	BREAKER_FAILURE_THRESHOLD: '3',
	BREAKER_COOLDOWN_MS: '3000',
	MAX_CONCURRENT_REQUESTS: '20',
	SHUTDOWN_DRAIN_MS: '2000'
} as const;

export { SEEDED_ADMIN, SEEDED_USER };
export const EXAMPLE_KEY = { ...EXAMPLE_KEY_PAIR };

export interface ApiAnswer {
	status: number;
	ms: number;
	/** tRPC `error.data` when the call failed. */
	error?: {
		code?: string;
		dependency?: string;
		retryable?: boolean;
		awsError?: string;
		hint?: string;
	};
	message?: string;
	data?: unknown;
	headers: Headers;
}

export class FaultStack {
	private app: ChildProcess | undefined;
	appUrl = '';
	token = '';
	readonly emulator: EmulatorControl;
	readonly owner: postgres.Sql;

	private constructor(
		readonly stack: RunningStack,
		private readonly dataDir: string,
		private readonly log: (line: string) => void
	) {
		this.emulator = emulatorControl(stack.env.AWS_ENDPOINT_URL_BEDROCK);
		this.owner = postgres(stack.env.DATABASE_URL, { max: 2, onnotice: () => {} });
	}

	static async start(log: (line: string) => void): Promise<FaultStack> {
		const buildDir = process.env.BUILD_DIR ?? 'build';
		if (!existsSync(join(buildDir, 'index.js'))) throw new Error('The app is not built.');
		const dataDir = mkdtempSync(join(tmpdir(), 'bedrock-admin-faults-'));
		const stack = await startStack({
			dataDir,
			ports: { postgres: await freePort(), auth: await freePort(), emulator: await freePort() },
			quiet: true,
			streamChunkDelayMs: 5,
			log
		});
		const faults = new FaultStack(stack, dataDir, log);
		await faults.startApp();
		faults.token = await faults.signIn(SEEDED_USER);
		return faults;
	}

	/** Starts the built app on a free port; `overrides` replace FAULT_APP_ENV entries. */
	async startApp(overrides: Record<string, string> = {}): Promise<void> {
		const port = await freePort();
		this.appUrl = `http://127.0.0.1:${port}`;
		const appLog = createWriteStream(join(this.dataDir, 'app.log'), { flags: 'a' });
		const app = spawn(process.execPath, [join(process.env.BUILD_DIR ?? 'build', 'index.js')], {
			env: {
				...process.env,
				...this.stack.env,
				...FAULT_APP_ENV,
				...overrides,
				HOST: '127.0.0.1',
				PORT: String(port),
				ORIGIN: this.appUrl,
				NODE_ENV: 'production',
				SHUTDOWN_TIMEOUT: '10'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		app.stdout.pipe(appLog);
		app.stderr.pipe(appLog);
		this.app = app;
		// An exit nobody asked for (a crash) says why in the run's own output: the data folder
		// and its app.log are deleted at the end of the run.
		app.once('close', (code, signal) => {
			if (this.terminating.has(app)) return;
			setTimeout(() => {
				this.log(
					`the app (pid ${app.pid}) exited on its own: code ${code}, signal ${signal}; the end of its log:\n${this.appLogTail()}`
				);
			}, 200);
		});
		await waitForHttp(`${this.appUrl}/healthz`, 30_000);
		this.log(`app on ${this.appUrl} (pid ${app.pid})`);
	}

	/** The last lines of the app's log (stdout and stderr of every app this run started). */
	appLogTail(lines = 30): string {
		const path = join(this.dataDir, 'app.log');
		if (!existsSync(path)) return '(no log)';
		return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	}

	/** Apps this run stopped on purpose: their exit is not a crash. */
	private readonly terminating = new WeakSet<ChildProcess>();

	/** Sends SIGTERM to the app; resolves with its exit code and how long it took to exit. */
	async terminateApp(): Promise<{ code: number | null; ms: number }> {
		const app = this.app;
		if (!app || app.exitCode !== null) return { code: app?.exitCode ?? null, ms: 0 };
		this.terminating.add(app);
		const started = performance.now();
		const exited = new Promise<number | null>((resolve) =>
			app.once('exit', (code) => resolve(code))
		);
		app.kill('SIGTERM');
		const code = await exited;
		return { code, ms: Math.round(performance.now() - started) };
	}

	appPid(): number {
		if (!this.app?.pid) throw new Error('the app is not running');
		return this.app.pid;
	}

	freezePostgres(): void {
		signalTree(this.postgresPid(), 'SIGSTOP');
	}

	thawPostgres(): void {
		signalTree(this.postgresPid(), 'SIGCONT');
	}

	async stopPostgres(): Promise<void> {
		await this.stack.postgres?.stop();
	}

	async startPostgres(): Promise<void> {
		const old = this.stack.postgres;
		if (!old) throw new Error('no embedded Postgres to restart');
		this.stack.postgres = await startEmbeddedPostgres({ dataDir: old.dataDir, port: old.port });
	}

	private postgresPid(): number {
		const pid = this.stack.postgres?.pid;
		if (!pid) throw new Error('no embedded Postgres process');
		return pid;
	}

	async signIn(who: { email: string; password: string }): Promise<string> {
		const supabase = createClient(
			this.stack.env.PUBLIC_SUPABASE_URL,
			this.stack.env.PUBLIC_SUPABASE_ANON_KEY,
			{
				auth: { persistSession: false, autoRefreshToken: false },
				realtime: { transport: RealtimeNotUsedOnServer }
			}
		);
		const { data, error } = await supabase.auth.signInWithPassword(who);
		if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
		return data.session.access_token;
	}

	/** Signs in through the app's own form, as a browser does; returns the session cookies. */
	async signInThroughApp(who: {
		email: string;
		password: string;
	}): Promise<ApiAnswer & { cookie: string }> {
		const started = performance.now();
		const response = await fetch(`${this.appUrl}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: this.appUrl,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(who).toString()
		});
		const text = await response.text();
		const cookie = response.headers
			.getSetCookie()
			.map((line) => line.split(';')[0])
			.join('; ');
		return {
			status: response.status,
			ms: Math.round(performance.now() - started),
			message: text,
			headers: response.headers,
			cookie
		};
	}

	/** One tRPC call over plain HTTP (status and timing as a program sees them). */
	async call(
		path: string,
		input?: unknown,
		options: { method?: 'GET' | 'POST'; token?: string } = {}
	): Promise<ApiAnswer> {
		const method = options.method ?? (input === undefined ? 'GET' : 'POST');
		const url =
			method === 'GET' && input !== undefined
				? `${this.appUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
				: `${this.appUrl}/api/trpc/${path}`;
		const started = performance.now();
		const response = await fetch(url, {
			method,
			headers: {
				authorization: `Bearer ${options.token ?? this.token}`,
				...(method === 'POST' ? { 'content-type': 'application/json' } : {})
			},
			body: method === 'POST' ? JSON.stringify(input ?? {}) : undefined,
			signal: AbortSignal.timeout(60_000)
		});
		const body = (await response.json().catch(() => ({}))) as {
			result?: { data?: unknown };
			error?: { message?: string; data?: ApiAnswer['error'] };
		};
		return {
			status: response.status,
			ms: Math.round(performance.now() - started),
			data: body.result?.data,
			error: body.error?.data,
			message: body.error?.message,
			headers: response.headers
		};
	}

	async get(
		path: string,
		headers: Record<string, string> = {}
	): Promise<ApiAnswer & { text: string }> {
		const started = performance.now();
		const response = await fetch(`${this.appUrl}${path}`, {
			headers,
			redirect: 'manual',
			signal: AbortSignal.timeout(60_000)
		});
		const text = await response.text();
		return {
			status: response.status,
			ms: Math.round(performance.now() - started),
			text,
			headers: response.headers
		};
	}

	/** The typed client, for streams (server-sent events). */
	client() {
		return createBedrockAdminClient({ url: this.appUrl, accessToken: this.token });
	}

	async stop(): Promise<void> {
		try {
			this.thawPostgres();
		} catch {
			// Postgres already gone.
		}
		if (this.app && this.app.exitCode === null) await this.terminateApp();
		await this.owner.end({ timeout: 1 }).catch(() => {});
		await this.stack.stop();
		if (!process.env.KEEP_TEST_STACK) rmSync(this.dataDir, { recursive: true, force: true });
	}
}
