/**
 * The bench's way into the built app: plain node:http on one keep-alive connection with the
 * bearer header, so the client adds as little as possible on top of what the server costs
 * (fetch/undici would add its own per-request overhead to the API side of every pair).
 */
import { Agent, request, type RequestOptions } from 'node:http';

export interface AppHttp {
	/** A tRPC query (GET) or mutation (POST); resolves with the parsed `result.data`. */
	call<T = unknown>(kind: 'query' | 'mutation', path: string, input?: unknown): Promise<T>;
	/**
	 * A tRPC subscription (server-sent events): `onEvent` gets each `data:` payload with the
	 * time its bytes arrived. Resolves when the server ends the stream.
	 */
	subscribe(
		path: string,
		input: unknown,
		onEvent: (data: string, at: number) => void
	): Promise<void>;
	/** A plain GET of a path outside the API (e.g. `/livez`); resolves with the body's text. */
	get(path: string): Promise<string>;
	close(): void;
}

export function appHttp(appUrl: string, accessToken: string): AppHttp {
	const url = new URL(appUrl);
	const agent = new Agent({ keepAlive: true, maxSockets: 4 });
	const base = {
		hostname: url.hostname,
		port: Number(url.port),
		agent,
		headers: { authorization: `Bearer ${accessToken}` }
	};

	/** One request; resolves with the body's text when the answer is 200. */
	function send(options: RequestOptions, label: string, body?: string): Promise<string> {
		return new Promise((resolve, reject) => {
			const req = request({ ...base, ...options }, (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () =>
					res.statusCode === 200
						? resolve(text)
						: reject(new Error(`${label}: HTTP ${res.statusCode} ${text.slice(0, 300)}`))
				);
			});
			req.once('error', reject);
			req.end(body);
		});
	}

	async function call<T>(kind: 'query' | 'mutation', path: string, input?: unknown): Promise<T> {
		const body = kind === 'mutation' ? JSON.stringify(input ?? null) : undefined;
		const query =
			kind === 'query' && input !== undefined
				? `?input=${encodeURIComponent(JSON.stringify(input))}`
				: '';
		const text = await send(
			{
				method: kind === 'mutation' ? 'POST' : 'GET',
				path: `/api/trpc/${path}${query}`,
				headers: { ...base.headers, ...(body ? { 'content-type': 'application/json' } : {}) }
			},
			path,
			body
		);
		return (JSON.parse(text) as { result: { data: T } }).result.data;
	}

	function subscribe(
		path: string,
		input: unknown,
		onEvent: (data: string, at: number) => void
	): Promise<void> {
		return new Promise((resolve, reject) => {
			const req = request(
				{
					...base,
					method: 'GET',
					path: `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
					headers: { ...base.headers, accept: 'text/event-stream' }
				},
				(res) => {
					if (res.statusCode !== 200) {
						reject(new Error(`${path}: HTTP ${res.statusCode}`));
						res.resume();
						return;
					}
					let buffer = '';
					res.setEncoding('utf8');
					res.on('data', (chunk: string) => {
						const at = performance.now();
						buffer += chunk;
						let end: number;
						while ((end = buffer.indexOf('\n\n')) !== -1) {
							const event = buffer.slice(0, end);
							buffer = buffer.slice(end + 2);
							for (const line of event.split('\n'))
								if (line.startsWith('data:')) onEvent(line.slice(5).trim(), at);
						}
					});
					res.on('end', () => resolve());
					res.on('error', reject);
				}
			);
			req.once('error', reject);
			req.end();
		});
	}

	const get = (path: string) => send({ method: 'GET', path }, path);

	return { call, subscribe, get, close: () => agent.destroy() };
}
