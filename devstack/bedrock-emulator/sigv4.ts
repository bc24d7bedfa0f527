// Server-side AWS Signature Version 4 verification. Every client (AWS SDK over HTTP/2 signing
// `:authority`, SDK over HTTP/1.1 signing `host`, aws4fetch signing only `host;x-amz-date`) chose
// its own SignedHeaders, so the canonical request is rebuilt from exactly the headers it named,
// from the raw path as received (clients differ in how they percent-encode model ids).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface ParsedAuthorization {
	accessKeyId: string;
	date: string; // YYYYMMDD from the credential scope
	region: string;
	service: string;
	signedHeaders: string[];
	signature: string;
}

const AUTH_PATTERN =
	/^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

export function parseAuthorization(header: string): ParsedAuthorization | null {
	const m = AUTH_PATTERN.exec(header.trim());
	if (!m) return null;
	return {
		accessKeyId: m[1]!,
		date: m[2]!,
		region: m[3]!,
		service: m[4]!,
		signedHeaders: m[5]!.split(';'),
		signature: m[6]!
	};
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept, everything else %XX). */
function uriEscape(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
}

/** Normalises `.`/`..`/empty segments, then encodes each raw segment again (so `%3A` becomes `%253A`). */
export function canonicalUri(rawPath: string): string {
	const out: string[] = [];
	for (const segment of rawPath.split('/')) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') out.pop();
		else out.push(uriEscape(segment));
	}
	const trailing = rawPath.endsWith('/') && out.length > 0 ? '/' : '';
	return `/${out.join('/')}${trailing}`;
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}

export function canonicalQuery(rawQuery: string): string {
	if (!rawQuery) return '';
	const pairs: [string, string][] = [];
	for (const part of rawQuery.split('&')) {
		if (!part) continue;
		const eq = part.indexOf('=');
		const key = uriEscape(safeDecode(eq < 0 ? part : part.slice(0, eq)));
		if (key === 'X-Amz-Signature') continue;
		pairs.push([key, uriEscape(safeDecode(eq < 0 ? '' : part.slice(eq + 1)))]);
	}
	pairs.sort((a, b) =>
		a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0
	);
	return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export type HeaderLookup = (lowercaseName: string) => string | undefined;

export function canonicalRequest(
	method: string,
	rawPath: string,
	rawQuery: string,
	header: HeaderLookup,
	signedHeaders: string[],
	payloadHash: string
): string {
	let headerBlock = '';
	for (const name of signedHeaders) {
		const value = header(name) ?? '';
		headerBlock += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
	}
	return [
		method,
		canonicalUri(rawPath),
		canonicalQuery(rawQuery),
		headerBlock,
		signedHeaders.join(';'),
		payloadHash
	].join('\n');
}

export const sha256Hex = (data: string | Uint8Array) =>
	createHash('sha256').update(data).digest('hex');

// Deriving the signing key costs four HMACs; it only changes per (secret, day, region, service).
const signingKeyCache = new Map<string, Buffer>();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
	const cacheKey = `${secret}\u0000${date}\u0000${region}\u0000${service}`;
	let key = signingKeyCache.get(cacheKey);
	if (!key) {
		const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
		const kRegion = createHmac('sha256', kDate).update(region).digest();
		const kService = createHmac('sha256', kRegion).update(service).digest();
		key = createHmac('sha256', kService).update('aws4_request').digest();
		if (signingKeyCache.size > 1000) signingKeyCache.clear();
		signingKeyCache.set(cacheKey, key);
	}
	return key;
}

export function stringToSign(
	amzDate: string,
	auth: ParsedAuthorization,
	canonical: string
): string {
	return [
		ALGORITHM,
		amzDate,
		`${auth.date}/${auth.region}/${auth.service}/aws4_request`,
		sha256Hex(canonical)
	].join('\n');
}

export function signaturesMatch(expectedHex: string, givenHex: string): boolean {
	const a = Buffer.from(expectedHex, 'hex');
	const b = Buffer.from(givenHex, 'hex');
	return a.length === b.length && timingSafeEqual(a, b);
}

export function computeSignature(
	secret: string,
	auth: ParsedAuthorization,
	toSign: string
): string {
	return createHmac('sha256', signingKey(secret, auth.date, auth.region, auth.service))
		.update(toSign)
		.digest('hex');
}

/** `20240101T000000Z` → epoch ms, or NaN. */
export function parseAmzDate(value: string): number {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	if (!m) return Date.parse(value);
	return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

export function formatAmzDate(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}
