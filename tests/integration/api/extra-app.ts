/**
 * More instances of the built app on the test stack's database, auth server and emulator: what
 * "many servers behind a load balancer" looks like, and a way to run the app with other limits
 * than the shared test app's (e.g. more calls in flight per user) without touching it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../../devstack/ports';
import { HOST_AWS_ENV } from '../../helpers/test-stack';
import { testEnv } from '../../helpers/test-env';

export interface ExtraApp {
	url: string;
	/** What the instance printed, for a failing test's message. */
	output(): string;
	stop(): Promise<void>;
}

export async function startExtraApp(env: Record<string, string> = {}): Promise<ExtraApp> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(
		process.execPath,
		[join(process.env.BUILD_DIR ?? 'build', 'index.js')],
		{
			env: {
				...process.env,
				...HOST_AWS_ENV,
				...testEnv(),
				HOST: '127.0.0.1',
				PORT: String(port),
				ORIGIN: url,
				NODE_ENV: 'production',
				...env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	let output = '';
	child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	const stop = async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
		if (child.exitCode === null) child.kill('SIGKILL');
	};
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the extra app exited: ${output}`);
		const ready = await fetch(`${url}/healthz`).then(
			(r) => r.ok,
			() => false
		);
		if (ready) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`the extra app did not start within 30 s: ${output}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return { url, output: () => output, stop };
}
