// The emulator in a process of its own (as `npm run emulator` runs it), for load tests: a
// load generator in the same process would share its event loop and cap the figures.
import { spawn } from 'node:child_process';

export interface EmulatorProcess {
	url: string;
	pid: number;
	close(): Promise<void>;
}

export async function spawnEmulator(options: { streamDelayMs: number }): Promise<EmulatorProcess> {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			new URL('./cli.ts', import.meta.url).pathname,
			'--port',
			'0',
			'--quiet',
			'--stream-delay',
			String(options.streamDelayMs)
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] }
	);
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
			const m = /listening on (http:\/\/\S+)/.exec(out);
			if (m) resolve(m[1]!);
		});
		child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
	});
	child.stdout.resume();
	return {
		url,
		pid: child.pid!,
		close: async () => {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			await new Promise((done) => child.once('exit', done));
		}
	};
}
