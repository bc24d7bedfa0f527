/**
 * What can be read from a Bedrock API key without asking AWS (isomorphic: the form shows it
 * before saving, the server stores it beside the ciphertext).
 *
 * A short-term key is `bedrock-api-key-` + base64 of a SigV4-presigned
 * `bedrock.amazonaws.com/?Action=CallWithBearerToken&…&X-Amz-Date=…&X-Amz-Expires=…&Version=1`
 * URL, so it carries its own expiry (and region). A long-term key (`ABSK…`) carries neither.
 */
export const SHORT_TERM_API_KEY_PREFIX = 'bedrock-api-key-';
export const LONG_TERM_API_KEY_PREFIX = 'ABSK';

/** Warn this long before a short-term key expires (they last at most 12 hours). */
export const API_KEY_EXPIRY_WARNING_MS = 60 * 60_000;

export interface ApiKeyFacts {
	kind: 'short_term' | 'long_term';
	last4: string;
	/** ISO time; null when the key does not say (long-term keys). */
	expiresAt: string | null;
	/** The region a short-term key was issued for; null when unknown. */
	region: string | null;
}

function parseAmzDate(value: string): number {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

/** Facts of a well-formed key; a short-term key whose URL cannot be read gets null expiry. */
export function apiKeyFacts(apiKey: string): ApiKeyFacts {
	const last4 = apiKey.slice(-4);
	if (!apiKey.startsWith(SHORT_TERM_API_KEY_PREFIX))
		return { kind: 'long_term', last4, expiresAt: null, region: null };
	let expiresAt: string | null = null;
	let region: string | null = null;
	try {
		const url = atob(apiKey.slice(SHORT_TERM_API_KEY_PREFIX.length));
		const params = new URLSearchParams(url.slice(url.indexOf('?') + 1));
		const issued = parseAmzDate(params.get('X-Amz-Date') ?? '');
		const seconds = Number(params.get('X-Amz-Expires'));
		if (Number.isFinite(issued) && Number.isInteger(seconds) && seconds > 0)
			expiresAt = new Date(issued + seconds * 1000).toISOString();
		region = /^[^/]+\/\d{8}\/([^/]+)\//.exec(params.get('X-Amz-Credential') ?? '')?.[1] ?? null;
	} catch {
		// Not base64: AWS will refuse it; there is nothing to show.
	}
	return { kind: 'short_term', last4, expiresAt, region };
}

export type ExpiryState = 'none' | 'valid' | 'expiring' | 'expired';

/** Whether a key with this expiry needs a warning now. */
export function apiKeyExpiryState(expiresAt: string | null, now = Date.now()): ExpiryState {
	if (!expiresAt) return 'none';
	const at = Date.parse(expiresAt);
	if (at <= now) return 'expired';
	return at - now <= API_KEY_EXPIRY_WARNING_MS ? 'expiring' : 'valid';
}
