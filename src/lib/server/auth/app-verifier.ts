/**
 * The app's token verifier: `verifyAccessToken` wired to this deployment's auth server
 * (issuer and JWKS from `PUBLIC_SUPABASE_URL`). One key cache and one verified-token cache
 * per process.
 */
import { serverEnv, supabaseAuthUrl } from '$lib/server/env';
import { cachedVerifier } from '../cache/verified-tokens';
import { createJwksCache, type JwksCache } from './jwks-cache';
import {
	verifyAccessToken,
	verifyAccessTokenAllowingExpiry,
	type VerifyResult
} from './verify-access-token';

let keyCache: JwksCache | undefined;

function appKeyCache(): JwksCache {
	keyCache ??= createJwksCache({
		jwksUrl: `${supabaseAuthUrl()}/.well-known/jwks.json`,
		headers: { apikey: serverEnv().PUBLIC_SUPABASE_ANON_KEY }
	});
	return keyCache;
}

/** Verified once per token and then served from cache/verified-tokens.ts until it expires. */
export const verifyAppAccessToken: (token: string) => Promise<VerifyResult> = cachedVerifier(
	(token) => verifyAccessToken(token, { resolveKey: appKeyCache(), issuer: supabaseAuthUrl() })
);

/** For the refresh decision: signature, issuer and claims checked, expiry not. */
export function verifyAppAccessTokenAllowingExpiry(token: string): Promise<VerifyResult> {
	return verifyAccessTokenAllowingExpiry(token, {
		resolveKey: appKeyCache(),
		issuer: supabaseAuthUrl()
	});
}
