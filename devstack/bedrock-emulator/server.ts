// Starts the emulator: one TCP port that serves HTTP/1.1 (control-plane SDK client, fetch-based
// clients) and cleartext HTTP/2 with prior knowledge (the runtime SDK client's default handler).
// The first bytes of each connection decide: the HTTP/2 client preface goes to the h2 server,
// anything else to the HTTP/1.1 server.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { EmulatorContext, EmulatorSettings } from './context';
import { Exchange, type AnyRequest, type AnyResponse } from './exchange';
import { FaultPlan, type FaultRule } from './faults';
import { DEFAULT_KEYS, KeyStore, type EmulatorKey } from './keys';
import { createRouter } from './router';
import { RoleStore } from './roles';
import { ApiKeyStore, validateApiKey } from './api-keys';
import { EmulatorState } from './state';

export type { EmulatorKey } from './keys';
export type { FaultRule, FaultKind, FaultMatch } from './faults';
export type { RequestRecord, OperationCounter } from './state';

export interface EmulatorOptions {
	/** 0 = any free port; default 54323. */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Delay between stream events; default 15 ms. */
	streamChunkDelayMs?: number;
	/** Default: the AWS documentation example pair, all actions, all models. */
	keys?: EmulatorKey[];
	/** No request logging. */
	quiet?: boolean;
	/** Fault rules active for the whole run (reset restores them). */
	faults?: FaultRule[];
	/** Latency added to every AWS answer (ms); default 0. */
	latencyMs?: number;
	/** Time a provisioned throughput spends Creating/Updating (ms); default 2000. */
	provisioningDelayMs?: number;
	/** What a signing region without Bedrock gets: 'error' (default) or 'drop' the connection. */
	regionWithoutBedrock?: 'error' | 'drop';
	/** IAM roles STS AssumeRole may hand out (shape of `PUT /__emulator/roles`); reset restores them. */
	roles?: unknown[];
	/** Long-term Bedrock API keys (shape of `POST /__emulator/api-keys`); reset restores them. */
	apiKeys?: unknown[];
}

export interface RunningEmulator {
	url: string;
	port: number;
	close(): Promise<void>;
}

export const DEFAULT_PORT = 54323;
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

function looksLikeHttp2(head: Buffer): boolean {
	const n = Math.min(head.length, HTTP2_PREFACE.length);
	return n >= 2 && head.subarray(0, n).equals(HTTP2_PREFACE.subarray(0, n));
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const initialSettings: EmulatorSettings = Object.freeze({
		streamChunkDelayMs: options.streamChunkDelayMs ?? 15,
		latencyMs: options.latencyMs ?? 0,
		provisioningDelayMs: options.provisioningDelayMs ?? 2000,
		regionWithoutBedrock: options.regionWithoutBedrock ?? 'error',
		quiet: options.quiet ?? false
	});
	const ctx: EmulatorContext = {
		settings: { ...initialSettings },
		initialSettings,
		state: new EmulatorState(),
		keys: new KeyStore(options.keys ?? DEFAULT_KEYS),
		roles: new RoleStore(options.roles ?? []),
		apiKeys: new ApiKeyStore((options.apiKeys ?? []).map(validateApiKey)),
		faults: new FaultPlan(options.faults ?? [])
	};
	const route = createRouter(ctx);
	const onRequest = (req: AnyRequest, res: AnyResponse) => {
		const ex = new Exchange(req, res);
		route(ex).catch((err) => {
			console.error('[bedrock-emulator] request failed', err);
			if (!ex.headersSent) ex.sendJson(500, { message: 'emulator failure' });
			else ex.end();
		});
	};

	const h1 = http.createServer({ keepAliveTimeout: 65_000 }, onRequest);
	const h2 = http2.createServer({ settings: { maxConcurrentStreams: 1000 } }, onRequest);
	const sockets = new Set<net.Socket>();
	const sessions = new Set<http2.Http2Session>();
	h2.on('session', (s) => {
		sessions.add(s);
		s.on('close', () => sessions.delete(s));
	});

	const tcp = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		socket.once('readable', () => {
			const head = socket.read() as Buffer | null;
			if (!head) return void socket.destroy();
			socket.unshift(head);
			(looksLikeHttp2(head) ? h2 : h1).emit('connection', socket);
		});
	});

	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		tcp.once('error', reject);
		tcp.listen(options.port ?? DEFAULT_PORT, host, () => {
			tcp.off('error', reject);
			resolve();
		});
	});
	const port = (tcp.address() as net.AddressInfo).port;
	const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

	return {
		url: `http://${urlHost}:${port}`,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				tcp.close(() => resolve());
				for (const s of sessions) s.destroy();
				for (const s of sockets) s.destroy();
				h1.close();
				h2.close();
			})
	};
}
