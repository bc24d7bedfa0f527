/**
 * In-memory cache of the auth server's public signing keys (JWKS).
 *
 * Why: verifying tokens locally is only cheap if the keys are not fetched per request.
 * The keys are fetched once and kept; a token with a `kid` we have not seen (the auth
 * server rotated its keys) triggers one refetch, at most once per `minRefetchIntervalMs`
 * so a flood of forged `kid`s cannot turn into a flood of requests to the auth server.
 * Losing the cache (restart, another instance) only costs one fetch.
 */
import { importJWK, type JWK, type JWSHeaderParameters } from 'jose';
import {
	SigningKeysUnavailableError,
	UnknownSigningKeyError,
	type KeyResolver
} from './verify-access-token';

export type JwksCacheOptions = {
	/** e.g. `http://127.0.0.1:54321/auth/v1/.well-known/jwks.json` */
	jwksUrl: string;
	/** Sent with the fetch (the Supabase gateway accepts the anon key as `apikey`). */
	headers?: Record<string, string>;
	fetch?: typeof globalThis.fetch;
	minRefetchIntervalMs?: number;
	/** After a failed fetch (auth server down), retry sooner than `minRefetchIntervalMs`. */
	retryAfterFailureMs?: number;
	timeoutMs?: number;
	now?: () => number;
};

export type JwksCache = KeyResolver & {
	/** How many times the JWKS was fetched (for tests and diagnostics). */
	readonly fetchCount: () => number;
};

export function createJwksCache(options: JwksCacheOptions): JwksCache {
	const fetchJwks = options.fetch ?? globalThis.fetch;
	const minRefetchIntervalMs = options.minRefetchIntervalMs ?? 30_000;
	const retryAfterFailureMs = Math.min(options.retryAfterFailureMs ?? 1_000, minRefetchIntervalMs);
	const timeoutMs = options.timeoutMs ?? 5_000;
	const now = options.now ?? Date.now;

	let keys = new Map<string, CryptoKey>();
	let lastFetchAt: number | undefined;
	let inFlight: Promise<void> | undefined;
	let fetches = 0;

	async function refresh(): Promise<void> {
		lastFetchAt = now();
		fetches += 1;
		let body: unknown;
		try {
			const response = await fetchJwks(options.jwksUrl, {
				headers: { accept: 'application/json', ...options.headers },
				signal: AbortSignal.timeout(timeoutMs)
			});
			if (!response.ok) throw new Error(`JWKS request answered HTTP ${response.status}`);
			body = await response.json();
		} catch (error) {
			lastFetchAt = now() - minRefetchIntervalMs + retryAfterFailureMs;
			throw new SigningKeysUnavailableError(error);
		}
		keys = await importVerificationKeys(body);
	}

	async function resolve(header: JWSHeaderParameters): Promise<CryptoKey> {
		const kid = header.kid;
		if (!kid) throw new UnknownSigningKeyError(undefined);
		const known = keys.get(kid);
		if (known) return known;

		const mayRefetch = lastFetchAt === undefined || now() - lastFetchAt >= minRefetchIntervalMs;
		if (!inFlight && mayRefetch) {
			inFlight = refresh().finally(() => {
				inFlight = undefined;
			});
		}
		if (inFlight) await inFlight;

		const found = keys.get(kid);
		if (!found) throw new UnknownSigningKeyError(kid);
		return found;
	}

	return Object.assign(resolve, { fetchCount: () => fetches });
}

/** Keeps only P-256 verification keys with a `kid`; anything else in the set is ignored. */
async function importVerificationKeys(body: unknown): Promise<Map<string, CryptoKey>> {
	const list = isJwkSet(body) ? body.keys : [];
	const imported = new Map<string, CryptoKey>();
	for (const jwk of list) {
		if (!jwk.kid || jwk.kty !== 'EC' || jwk.crv !== 'P-256') continue;
		if (jwk.use !== undefined && jwk.use !== 'sig') continue;
		if (jwk.key_ops !== undefined && !jwk.key_ops.includes('verify')) continue;
		try {
			// Import only the public part, whatever the set contains.
			const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
			const key = await importJWK(publicJwk, 'ES256');
			if (key instanceof Uint8Array) continue;
			imported.set(jwk.kid, key);
		} catch {
			// A malformed entry must not hide the valid ones.
		}
	}
	return imported;
}

function isJwkSet(value: unknown): value is { keys: JWK[] } {
	return (
		typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys)
	);
}
