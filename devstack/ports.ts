// Port helpers for the local stack: a clear message when a fixed port is taken, and free
// ports for the test stack so `npm test` runs beside `npm run dev`.
import net from 'node:net';

/** Resolves when `port` on `host` can be bound; throws a message naming the port otherwise. */
export async function assertPortFree(
	port: number,
	what: string,
	host = '127.0.0.1'
): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (err: NodeJS.ErrnoException) => {
			reject(
				new Error(
					err.code === 'EADDRINUSE'
						? `Port ${port} (${what}) is already in use on ${host}. Stop whatever listens there (\`lsof -i :${port}\`) or choose another port.`
						: `Cannot bind ${host}:${port} for ${what}: ${err.message}`
				)
			);
		});
		server.listen(port, host, () => server.close(() => resolve()));
	});
}

/** A port the OS says is free right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, host, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}
