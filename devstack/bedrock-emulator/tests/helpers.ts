// Shared setup for the emulator's integration tests: a private emulator per test file, the real
// AWS SDK clients pointed at it, and an independent SigV4 signer for hand-made fetch requests.
import { createHash, createHmac } from 'node:crypto';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../server';
import { emulatorControl } from '../control-client';
import { EXAMPLE_KEY_PAIR } from '../keys';

export const EXAMPLE_KEY = { ...EXAMPLE_KEY_PAIR };

export interface Credentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export async function startTestEmulator(options: EmulatorOptions = {}) {
	const emulator: RunningEmulator = await startEmulator({
		port: 0,
		quiet: true,
		streamChunkDelayMs: 1,
		provisioningDelayMs: 150,
		...options
	});
	return { emulator, control: emulatorControl(emulator.url) };
}

function config(url: string, credentials: Credentials, region: string) {
	// maxAttempts 1: fault tests must see the first answer, not the SDK's retry of it.
	return { endpoint: url, region, credentials, maxAttempts: 1 };
}

export const bedrockClient = (
	url: string,
	credentials: Credentials = EXAMPLE_KEY,
	region = 'us-east-1'
) => new BedrockClient(config(url, credentials, region));
export const runtimeClient = (
	url: string,
	credentials: Credentials = EXAMPLE_KEY,
	region = 'us-east-1'
) => new BedrockRuntimeClient(config(url, credentials, region));
export const stsClient = (
	url: string,
	credentials: Credentials = EXAMPLE_KEY,
	region = 'us-east-1'
) => new STSClient(config(url, credentials, region));

/** Signer inputs arrive as string, ArrayBuffer or a typed-array view; node:crypto wants string or bytes. */
function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
	if (typeof data === 'string') return data;
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** SHA-256 for @smithy/signature-v4, from node:crypto (so the signer is not the emulator's code). */
class NodeSha256 {
	private readonly hash;
	constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
		this.hash = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256');
	}
	update(data: string | ArrayBuffer | ArrayBufferView) {
		this.hash.update(toBytes(data));
	}
	async digest() {
		return new Uint8Array(this.hash.digest());
	}
	reset() {}
}

/** A SigV4-signed plain HTTP/1.1 fetch, the way a non-AWS-SDK client would call Bedrock. */
export async function signedFetch(
	baseUrl: string,
	method: string,
	path: string,
	body?: string,
	credentials: Credentials = EXAMPLE_KEY,
	region = 'us-east-1',
	service = 'bedrock'
): Promise<Response> {
	const url = new URL(path, baseUrl);
	const signer = new SignatureV4({
		service,
		region,
		credentials,
		sha256: NodeSha256,
		uriEscapePath: true
	});
	const query: Record<string, string> = {};
	url.searchParams.forEach((v, k) => (query[k] = v));
	const signed = await signer.sign({
		method,
		protocol: url.protocol,
		hostname: url.hostname,
		port: Number(url.port),
		path: url.pathname,
		query,
		headers: { host: url.host, ...(body ? { 'content-type': 'application/json' } : {}) },
		body
	});
	return fetch(url, { method, headers: signed.headers as Record<string, string>, body });
}

export const userText = (text: string) => [{ role: 'user' as const, content: [{ text }] }];
