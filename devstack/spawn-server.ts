/**
 * A server script run with tsx in a process of its own, for load tests: a load generator in the
 * same process would share its event loop and cap the figures. Resolves once the server prints
 * the URL it listens on.
 */
import { spawn } from 'node:child_process';

export interface ServerProcess {
	url: string;
	pid: number;
	close(): Promise<void>;
}

export async function spawnServer(
	script: string,
	args: string[],
	options: { name: string; urlPattern: RegExp; env?: NodeJS.ProcessEnv }
): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
		env: options.env ?? process.env,
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
			const m = options.urlPattern.exec(out);
			if (m) resolve(m[1]!);
		});
		child.once('exit', (code) => reject(new Error(`${options.name} exited with ${code}`)));
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
