/**
 * The app's token verifier: `verifyAccessToken` wired to this deployment's auth server
 * (issuer and JWKS from `PUBLIC_SUPABASE_URL`). One key cache per process.
 */
import { serverEnv, supabaseAuthUrl } from '$lib/server/env';
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

export function verifyAppAccessToken(token: string): Promise<VerifyResult> {
	return verifyAccessToken(token, { resolveKey: appKeyCache(), issuer: supabaseAuthUrl() });
}

/** For the refresh decision: signature, issuer and claims checked, expiry not. */
export function verifyAppAccessTokenAllowingExpiry(token: string): Promise<VerifyResult> {
	return verifyAccessTokenAllowingExpiry(token, {
		resolveKey: appKeyCache(),
		issuer: supabaseAuthUrl()
	});
}
