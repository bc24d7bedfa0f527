/**
 * The built app checks its whole environment at start-up (hooks.server.ts `init`): a bad
 * value stops it before it serves anything, with a message that names the variable and never
 * shows the value.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { freePort } from '../../../devstack/ports';
import { testEnv } from '../../helpers/test-env';

function startApp(overrides: Record<string, string>) {
	return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
		void freePort().then((port) => {
			const app = spawn(process.execPath, [join(process.env.BUILD_DIR ?? 'build', 'index.js')], {
				env: { ...process.env, ...testEnv(), PORT: String(port), HOST: '127.0.0.1', ...overrides },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let output = '';
			app.stdout.on('data', (d: Buffer) => (output += d.toString()));
			app.stderr.on('data', (d: Buffer) => (output += d.toString()));
			const timer = setTimeout(() => {
				app.kill('SIGKILL');
				reject(new Error(`the app kept running: ${output}`));
			}, 20_000);
			app.once('exit', (code) => {
				clearTimeout(timer);
				resolve({ code, output });
			});
		}, reject);
	});
}

it('refuses to start with a malformed encryption key, naming it and not echoing it', async () => {
	const material = randomBytes(16).toString('base64');
	const { code, output } = await startApp({ CREDENTIALS_ENCRYPTION_KEY: `k1:${material}` });
	expect(code).not.toBe(0);
	expect(output).toMatch(/CREDENTIALS_ENCRYPTION_KEY: .*must be base64 of exactly 32 bytes/);
	expect(output).not.toContain(material);
});

it('refuses to start without a database URL', async () => {
	const { code, output } = await startApp({ DATABASE_URL: '' });
	expect(code).not.toBe(0);
	expect(output).toContain('DATABASE_URL: missing');
});
