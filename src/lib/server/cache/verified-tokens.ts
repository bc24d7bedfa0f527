/**
 * Access tokens already verified, so a program sending the same bearer token on every call
 * pays for the ES256 signature check once, not per request (the profile of the built app put
 * that check, WebCrypto's ECDSA verify, among the costliest things a warm API call did).
 *
 * Keyed by the whole token (its signature included), so only the exact bytes that passed
 * verification hit the cache. An entry lives at most `ttlMs` and never past the token's `exp`;
 * failures are not cached. The cost: a signing key withdrawn from the JWKS keeps accepting the
 * tokens it signed for up to `ttlMs` more (tokens are already valid until `exp` without a
 * server round trip, see auth/verify-access-token.ts).
 */
import type { AccessTokenClaims } from '../auth/claims';
import type { VerifyResult } from '../auth/verify-access-token';
import { LruCache } from './lru';

export function cachedVerifier(
	verify: (token: string) => Promise<VerifyResult>,
	options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {}
): (token: string) => Promise<VerifyResult> {
	const now = options.now ?? Date.now;
	const verified = new LruCache<AccessTokenClaims>(
		options.maxEntries ?? 5_000,
		options.ttlMs ?? 60_000,
		undefined,
		now
	);
	return async (token) => {
		const claims = verified.get(token);
		if (claims && claims.exp * 1000 > now()) return { ok: true, claims };
		const result = await verify(token);
		if (result.ok) verified.set(token, result.claims);
		return result;
	};
}
