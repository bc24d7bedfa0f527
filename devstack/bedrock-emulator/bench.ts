// Throughput of the emulator through the real SDK clients, next to a baseline measured in the
// same run over the same transports (a trivial control-surface GET sent by the SDK's own HTTP
// handlers), so the ratio shows what the emulator's work costs beyond HTTP itself.
// The emulator runs in its own process (as in the dev stack), so client and server CPU are apart.
// Run: npx tsx devstack/bedrock-emulator/bench.ts [--seconds 3] [--concurrency 16]
import { parseArgs } from 'node:util';
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { EXAMPLE_KEY_PAIR } from './keys';
import { spawnEmulator } from './spawn';

const { values } = parseArgs({
	options: { seconds: { type: 'string' }, concurrency: { type: 'string' } }
});
const seconds = Number(values.seconds ?? 3);
const concurrency = Number(values.concurrency ?? 16);

const emulator = await spawnEmulator({ streamDelayMs: 0 });
const url = new URL(emulator.url);
const config = {
	endpoint: emulator.url,
	region: 'us-east-1',
	credentials: { ...EXAMPLE_KEY_PAIR } // a copy: the SDK tags the object it is given
};

/** Runs `task` from `concurrency` workers for `seconds`; returns completed requests per second. */
async function measure(task: () => Promise<unknown>): Promise<number> {
	for (let i = 0; i < 50; i++) await task(); // warm-up: connections, JIT, caches
	let done = 0;
	const deadline = performance.now() + seconds * 1000;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (performance.now() < deadline) {
				await task();
				done++;
			}
		})
	);
	return done / ((performance.now() - started) / 1000);
}

async function drain(body: unknown): Promise<void> {
	for await (const _ of body as AsyncIterable<unknown>) void _;
}

function healthVia(handler: NodeHttpHandler | NodeHttp2Handler) {
	const request = {
		method: 'GET',
		protocol: 'http:',
		hostname: url.hostname,
		port: Number(url.port),
		path: '/__emulator/health',
		query: {},
		headers: { host: url.host }
	};
	return async () => {
		const { response } = await handler.handle(request as never);
		await drain(response.body);
	};
}

/** Signer inputs arrive as string, ArrayBuffer or a typed-array view; node:crypto wants string or bytes. */
function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
	if (typeof data === 'string') return data;
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** node:crypto SHA-256 in the shape @smithy/signature-v4 expects. */
class Sha256 {
	private readonly h;
	constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
		this.h = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256');
	}
	update(d: string | ArrayBuffer | ArrayBufferView) {
		this.h.update(toBytes(d));
	}
	async digest() {
		return new Uint8Array(this.h.digest());
	}
	reset() {}
}

/** One SigV4-signed request replayed as is (valid for minutes): the emulator's own cost, without SDK client work. */
async function replaySigned(
	handler: NodeHttpHandler | NodeHttp2Handler,
	method: string,
	path: string,
	body?: string
) {
	const signer = new SignatureV4({
		service: 'bedrock',
		region: 'us-east-1',
		credentials: config.credentials,
		sha256: Sha256
	});
	const headers: Record<string, string> = {
		host: url.host,
		...(body ? { 'content-type': 'application/json' } : {})
	};
	const signed = (await signer.sign({
		method,
		protocol: 'http:',
		hostname: url.hostname,
		port: Number(url.port),
		path,
		query: {},
		headers,
		body
	} as never)) as unknown as object;
	return async () => {
		const { response } = await handler.handle({ ...signed, body } as never);
		if (response.statusCode !== 200) throw new Error(`replay got ${response.statusCode}`);
		await drain(response.body);
	};
}

const control = new BedrockClient(config);
const runtime = new BedrockRuntimeClient(config);
const h1 = new NodeHttpHandler();
const h2 = new NodeHttp2Handler({ disableConcurrentStreams: false });

const rows: [string, number, number][] = [];
const baselineH1 = await measure(healthVia(h1));
const list = await measure(() => control.send(new ListFoundationModelsCommand({})));
rows.push(['ListFoundationModels (SDK, HTTP/1.1)', list, baselineH1]);
const baselineH2 = await measure(healthVia(h2));
const conv = await measure(() =>
	runtime.send(
		new ConverseCommand({
			modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
			messages: [{ role: 'user', content: [{ text: 'bench' }] }]
		})
	)
);
rows.push(['Converse (SDK, HTTP/2 h2c)', conv, baselineH2]);
const listRaw = await measure(await replaySigned(h1, 'GET', '/foundation-models'));
rows.push(['ListFoundationModels (replayed, HTTP/1.1)', listRaw, baselineH1]);
const converseBody = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'bench' }] }] });
const convRaw = await measure(
	await replaySigned(
		h2,
		'POST',
		'/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse',
		converseBody
	)
);
rows.push(['Converse (replayed, HTTP/2 h2c)', convRaw, baselineH2]);

console.log(
	`Bedrock emulator throughput (emulator in its own process), ${concurrency} concurrent callers, ${seconds}s per figure, loopback`
);
console.log(
	`baseline GET /__emulator/health: HTTP/1.1 ${baselineH1.toFixed(0)} req/s, HTTP/2 ${baselineH2.toFixed(0)} req/s (SDK handlers, no SigV4)`
);
for (const [name, rps, base] of rows)
	console.log(
		`${name.padEnd(44)} ${rps.toFixed(0).padStart(7)} req/s  = ${(rps / base).toFixed(2)} x baseline`
	);

control.destroy();
runtime.destroy();
h1.destroy();
h2.destroy();
await emulator.close();
