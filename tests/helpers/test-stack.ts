// Starts everything the integration and browser tests run against: a fresh local stack on
// free ports in a temp folder (so `npm test` works while `npm run dev` runs) and the built
// app (`node build`) on top of it, its output captured to a file that tests search for secrets.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../devstack/ports';
import { startStack } from '../../devstack/stack';
import { emulatorControl } from '../../devstack/bedrock-emulator/control-client';
import type { TestEnv } from './test-env';

/**
 * The app runs with a hostile host environment: AWS credentials, a session token, a Bedrock
 * bearer token, a profile and a region of its own. None of them may reach a user's AWS calls;
 * the API tests check the emulator's request log for them.
 */
export const HOST_AWS_ENV = {
	AWS_ACCESS_KEY_ID: 'AKIAHOSTENVIRONMENT1',
	AWS_SECRET_ACCESS_KEY: 'hostEnvironmentSecretKeyThatMustNeverBeUsed0',
	AWS_SESSION_TOKEN: 'host-session-token',
	AWS_BEARER_TOKEN_BEDROCK: 'host-bearer-token',
	AWS_PROFILE: 'host-profile',
	AWS_REGION: 'eu-west-3'
} as const;

/**
 * The deployment identity the app assumes roles with (ASSUME_ROLE_SOURCE_*): a key of its own
 * in the tests, so that the emulator's log can prove it is never used for a Bedrock call.
 */
export const TEST_DEPLOYMENT_KEY = {
	accessKeyId: 'AKIADEPLOYMENTTEST01',
	secretAccessKey: 'deploymentIdentitySecretForTheTests000000',
	accountId: '123456789012',
	userArn: 'arn:aws:iam::123456789012:user/bedrock-admin-deployment'
} as const;

export interface RunningTestStack {
	env: TestEnv;
	/** The app server's process id (the bench reads its memory). */
	appPid: number;
	stop(): Promise<void>;
}

export interface TestStackOptions {
	/** Overrides for the app's environment, e.g. endpoints of an emulator in its own process. */
	appEnv?: Record<string, string>;
	/** Extra Node flags for the app, e.g. `--cpu-prof` (bench/profile.ts). */
	appNodeArgs?: string[];
}

export async function startTestStack(
	log: (line: string) => void = () => {},
	options: TestStackOptions = {}
): Promise<RunningTestStack> {
	const buildDir = process.env.BUILD_DIR ?? 'build';
	if (!existsSync(join(buildDir, 'index.js'))) {
		throw new Error('The app is not built: run `npx vite build` first (npm test does it for you).');
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'bedrock-admin-test-'));
	const stack = await startStack({
		dataDir,
		ports: { postgres: await freePort(), auth: await freePort(), emulator: await freePort() },
		quiet: true,
		streamChunkDelayMs: 5,
		log
	});
	// The deployment identity is an "IAM user" of its own on the emulator (see TEST_DEPLOYMENT_KEY).
	await emulatorControl(stack.env.AWS_ENDPOINT_URL_BEDROCK).addKey({ ...TEST_DEPLOYMENT_KEY });
	const appPort = await freePort();
	const appUrl = `http://127.0.0.1:${appPort}`;
	const appLogPath = join(dataDir, 'app.log');
	const appLog = createWriteStream(appLogPath);
	const app = spawn(
		process.execPath,
		[...(options.appNodeArgs ?? []), join(buildDir, 'index.js')],
		{
			env: {
				...process.env,
				...HOST_AWS_ENV,
				...stack.env,
				HOST: '127.0.0.1',
				PORT: String(appPort),
				ORIGIN: appUrl,
				NODE_ENV: 'production',
				ASSUME_ROLE_SOURCE_ACCESS_KEY_ID: TEST_DEPLOYMENT_KEY.accessKeyId,
				ASSUME_ROLE_SOURCE_SECRET_ACCESS_KEY: TEST_DEPLOYMENT_KEY.secretAccessKey,
				...options.appEnv
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	app.stdout.pipe(appLog);
	app.stderr.pipe(appLog);
	const stop = async () => {
		if (app.exitCode === null) {
			app.kill('SIGTERM');
			await new Promise((done) => app.once('exit', done));
		}
		appLog.end();
		await stack.stop();
		if (!process.env.KEEP_TEST_STACK) rmSync(dataDir, { recursive: true, force: true });
	};
	try {
		await waitForHttp(`${appUrl}/healthz`, 30_000);
	} catch (error) {
		await stop();
		throw error;
	}
	log(`app on ${appUrl}`);
	return {
		env: { ...stack.env, APP_URL: appUrl, APP_LOG_PATH: appLogPath, STACK_DATA_DIR: dataDir },
		appPid: app.pid!,
		stop
	};
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let lastError = '';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url);
			if (response.status < 500) return;
			lastError = `HTTP ${response.status}: ${await response.text()}`;
		} catch (error) {
			lastError = error instanceof Error ? error.message : String(error);
		}
		await new Promise((done) => setTimeout(done, 200));
	}
	throw new Error(`${url} did not answer within ${timeoutMs} ms (${lastError})`);
}
