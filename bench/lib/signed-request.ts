/**
 * One SigV4-signed request, signed once and replayed as is by the load generator (a signature
 * stays valid for minutes): the emulator's own cost for an AWS call, with no SDK work per
 * request on the client side, which is what "the emulator serves it directly" means.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type Bytes = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: Bytes): string | Uint8Array {
	if (typeof data === 'string') return data;
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** node:crypto SHA-256 in the shape @smithy/signature-v4 expects. */
class Sha256 {
	private readonly h;
	constructor(secret?: Bytes) {
		this.h = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256');
	}
	update(d: Bytes) {
		this.h.update(toBytes(d));
	}
	async digest() {
		return new Uint8Array(this.h.digest());
	}
	reset() {}
}

export async function signedHeaders(
	endpoint: string,
	method: string,
	path: string,
	credentials: { accessKeyId: string; secretAccessKey: string },
	region = 'us-east-1'
): Promise<Record<string, string>> {
	const url = new URL(endpoint);
	const signer = new SignatureV4({
		service: 'bedrock',
		region,
		credentials: { ...credentials },
		sha256: Sha256
	});
	const signed = await signer.sign({
		method,
		protocol: url.protocol,
		hostname: url.hostname,
		port: Number(url.port),
		path,
		query: {},
		headers: { host: url.host }
	} as never);
	return (signed as unknown as { headers: Record<string, string> }).headers;
}
