// The emulator in a process of its own (as `npm run emulator` runs it), for load tests.
import { spawnServer, type ServerProcess } from '../spawn-server';

export type EmulatorProcess = ServerProcess;

export function spawnEmulator(options: { streamDelayMs: number }): Promise<EmulatorProcess> {
	return spawnServer(
		new URL('./cli.ts', import.meta.url).pathname,
		['--port', '0', '--quiet', '--stream-delay', String(options.streamDelayMs)],
		{ name: 'the emulator', urlPattern: /listening on (http:\/\/\S+)/ }
	);
}
