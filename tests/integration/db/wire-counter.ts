// A TCP proxy in front of Postgres that counts what the client sends: each burst of bytes the
// client writes (postgres.js writes all it has queued in one event-loop turn at once) is one
// trip it started. How many trips a call costs is then counted, not inferred from timings.
import net from 'node:net';

export interface WireCounter {
	/** A connection string to the same database through the proxy. */
	url: string;
	/** Client → server bursts so far (the startup and authentication included). */
	bursts(): number;
	close(): Promise<void>;
}

export async function startWireCounter(databaseUrl: string): Promise<WireCounter> {
	const target = new URL(databaseUrl);
	let bursts = 0;
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		const upstream = net.connect(Number(target.port), target.hostname);
		sockets.add(client).add(upstream);
		client.on('data', (chunk) => {
			bursts++;
			upstream.write(chunk);
		});
		upstream.pipe(client);
		const end = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('close', end).on('error', end);
		upstream.on('close', end).on('error', end);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = new URL(databaseUrl);
	url.hostname = '127.0.0.1';
	url.port = String((server.address() as net.AddressInfo).port);
	return {
		url: url.toString(),
		bursts: () => bursts,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		}
	};
}
