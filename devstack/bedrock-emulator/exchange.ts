// One request/response pair, the same whether it arrived over HTTP/1.1 or cleartext HTTP/2.
// Node's HTTP/2 compatibility API mirrors http.ServerResponse closely; this file hides the few
// differences (pseudo-headers, header-name case) and tracks whether the client hung up early.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { randomUUID } from 'node:crypto';

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** The structural subset of both response classes that the emulator uses. */
interface ResponseLike {
	writeHead(status: number, headers: Record<string, string | number>): unknown;
	write(chunk: Uint8Array | string): boolean;
	end(chunk?: Uint8Array | string): unknown;
	on(event: 'close' | 'finish', listener: () => void): unknown;
	once(event: 'drain', listener: () => void): unknown;
	readonly writableEnded: boolean;
	readonly headersSent: boolean;
}

const MAX_BODY_BYTES = 25_000_000; // the runtime model's Body limit

export class Exchange {
	readonly method: string;
	readonly rawPath: string;
	readonly rawQuery: string;
	readonly httpVersion: string;
	readonly requestId = randomUUID();
	body: Buffer = Buffer.alloc(0);
	status = 0;
	/** A modeled error sent inside a 200 stream (recorded, since the status alone hides it). */
	streamErrorName?: string;
	/** True when the client closed the connection/stream before the response was complete. */
	closedEarly = false;
	private readonly res: ResponseLike;
	private closeListeners: (() => void)[] = [];

	constructor(
		readonly req: AnyRequest,
		res: AnyResponse
	) {
		this.res = res as unknown as ResponseLike;
		this.method = (req.method ?? 'GET').toUpperCase();
		const url = req.url ?? '/';
		const q = url.indexOf('?');
		this.rawPath = q < 0 ? url : url.slice(0, q);
		this.rawQuery = q < 0 ? '' : url.slice(q + 1);
		this.httpVersion = req.httpVersion;
		this.res.on('close', () => {
			if (!this.res.writableEnded) this.closedEarly = true;
			for (const l of this.closeListeners) l();
		});
	}

	/** Header by lowercase name; under HTTP/2 `host` falls back to `:authority` and vice versa. */
	header(name: string): string | undefined {
		const h = this.req.headers;
		let v = h[name];
		if (v === undefined && name === 'host') v = h[':authority'];
		if (v === undefined && name === ':authority') v = h.host;
		return Array.isArray(v) ? v.join(',') : v;
	}

	readBody(): Promise<Buffer> {
		return new Promise((resolve, reject) => {
			const chunks: Buffer[] = [];
			let size = 0;
			this.req.on('data', (c: Buffer) => {
				size += c.length;
				if (size <= MAX_BODY_BYTES) chunks.push(c);
			});
			this.req.on('end', () =>
				resolve((this.body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
			);
			this.req.on('error', reject);
		});
	}

	get open(): boolean {
		return !this.closedEarly && !this.res.writableEnded;
	}

	onClose(listener: () => void): void {
		this.closeListeners.push(listener);
	}

	private baseHeaders(headers: Record<string, string | number>): Record<string, string | number> {
		return { 'x-amzn-requestid': this.requestId, ...headers };
	}

	send(status: number, headers: Record<string, string | number>, body: string | Buffer): void {
		if (!this.open) return;
		this.status = status;
		const buf = typeof body === 'string' ? Buffer.from(body) : body;
		this.res.writeHead(status, this.baseHeaders({ ...headers, 'content-length': buf.length }));
		this.res.end(buf);
	}

	sendJson(
		status: number,
		value: unknown,
		extraHeaders: Record<string, string | number> = {}
	): void {
		this.send(
			status,
			{ 'content-type': 'application/json', ...extraHeaders },
			JSON.stringify(value)
		);
	}

	/** Starts a streamed (chunked / HTTP/2 DATA frames) response. */
	startStream(status: number, headers: Record<string, string | number>): void {
		if (!this.open) return;
		this.status = status;
		this.res.writeHead(status, this.baseHeaders(headers));
	}

	/** Writes a piece of a streamed body; resolves once the socket can take more. */
	write(chunk: Uint8Array): Promise<void> {
		if (!this.open) return Promise.resolve();
		if (this.res.write(chunk)) return Promise.resolve();
		return new Promise((resolve) => {
			const done = () => resolve();
			this.res.once('drain', done);
			this.onClose(done);
		});
	}

	end(): void {
		if (this.open) this.res.end();
	}

	get headersSent(): boolean {
		return this.res.headersSent;
	}
}
