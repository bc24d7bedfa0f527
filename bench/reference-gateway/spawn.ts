/**
 * The reference gateway (server.ts) in a process of its own, like the app: a gateway sharing
 * the load generator's event loop would look faster than any real one.
 */
import { spawn } from 'node:child_process';

export interface ReferenceGateway {
	url: string;
	close(): Promise<void>;
}

export async function spawnReferenceGateway(emulatorUrl: string): Promise<ReferenceGateway> {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', new URL('./server.ts', import.meta.url).pathname],
		{ env: { ...process.env, EMULATOR_URL: emulatorUrl }, stdio: ['ignore', 'pipe', 'inherit'] }
	);
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
			const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
			if (m) resolve(m[1]!);
		});
		child.once('exit', (code) => reject(new Error(`the reference gateway exited with ${code}`)));
	});
	child.stdout.resume();
	return {
		url,
		close: async () => {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			await new Promise((done) => child.once('exit', done));
		}
	};
}
