/**
 * The reference gateway (server.ts) in a process of its own, like the app: a gateway sharing
 * the load generator's event loop would look faster than any real one.
 */
import { spawnServer, type ServerProcess } from '../../devstack/spawn-server';

export function spawnReferenceGateway(emulatorUrl: string): Promise<ServerProcess> {
	return spawnServer(new URL('./server.ts', import.meta.url).pathname, [], {
		name: 'the reference gateway',
		urlPattern: /(http:\/\/127\.0\.0\.1:\d+)/,
		env: { ...process.env, EMULATOR_URL: emulatorUrl }
	});
}
