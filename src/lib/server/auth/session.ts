/**
 * `locals.safeGetSession()`: who is making this request, from verified claims only.
 *
 * Two sources, in this order:
 * 1. `Authorization: Bearer <access token>` (TypeScript clients). If the header is present
 *    the cookie is not consulted: a request presenting a bad token is anonymous, never
 *    silently someone else.
 * 2. The Supabase session cookie (browsers). `getSession()` reads it and, when the access
 *    token is about to expire, refreshes it with the refresh token (the new cookie goes
 *    out through `setAll`), but only once the cookie's token is known to be ours. Its `session.user` comes from the cookie and is not trusted;
 *    the access token is verified here like a bearer token.
 *
 * The result is memoised per request: the guard, the layout load and the tRPC context
 * all ask, and a cookie refresh must happen at most once (refresh tokens are single use).
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { userFromClaims, type AccessTokenClaims, type AuthUser } from './claims';
import type { StoredSession } from './stored-session';
import type { VerifyFailure, VerifyResult } from './verify-access-token';

export type VerifiedSession = {
	accessToken: string;
	/** Unix seconds (the token's `exp`). */
	expiresAt: number;
	source: 'bearer' | 'cookie';
};

export type SessionResult =
	| { session: VerifiedSession; user: AuthUser; claims: AccessTokenClaims }
	| {
			session: null;
			user: null;
			claims: null;
			/** Set when a valid token was refused for who it belongs to (an anonymous user). */
			refusal?: Extract<VerifyFailure, 'anonymous_user'>;
	  };

export const NO_SESSION: SessionResult = Object.freeze({ session: null, user: null, claims: null });

export type SafeGetSessionDeps = {
	supabase: Pick<SupabaseClient, 'auth'>;
	authorizationHeader: string | null;
	verify: (token: string) => Promise<VerifyResult>;
	/** The cookie's session as stored, read without the Supabase client (no refresh). */
	storedSession: () => StoredSession | null;
	/** Signature and claims without the expiry: may this cookie's session be refreshed? */
	verifyAllowingExpiry: (token: string) => Promise<VerifyResult>;
};

export function createSafeGetSession(deps: SafeGetSessionDeps): () => Promise<SessionResult> {
	let pending: Promise<SessionResult> | undefined;
	return () => (pending ??= readSession(deps));
}

async function readSession({
	supabase,
	authorizationHeader,
	verify,
	storedSession,
	verifyAllowingExpiry
}: SafeGetSessionDeps): Promise<SessionResult> {
	if (authorizationHeader !== null) {
		const token = bearerToken(authorizationHeader);
		return token ? fromToken(token, 'bearer', verify) : NO_SESSION;
	}
	// getSession() refreshes an expiring session by itself. A forged cookie (any access token,
	// an old expires_at) would make every request spend a refresh at Supabase Auth, whose
	// per-IP limits then fall on this server: so only a token our auth server signed may.
	const stored = storedSession();
	if (!stored) return NO_SESSION;
	const signed = await verifyAllowingExpiry(stored.accessToken);
	if (!signed.ok) return refusedOrNone(signed);
	const { data, error } = await supabase.auth.getSession();
	if (error || !data.session) return NO_SESSION;
	return fromToken(data.session.access_token, 'cookie', verify);
}

async function fromToken(
	token: string,
	source: VerifiedSession['source'],
	verify: SafeGetSessionDeps['verify']
): Promise<SessionResult> {
	const result = await verify(token);
	if (!result.ok) return refusedOrNone(result);
	const { claims } = result;
	return {
		session: { accessToken: token, expiresAt: claims.exp, source },
		user: userFromClaims(claims),
		claims
	};
}

function refusedOrNone(result: { ok: false; reason: VerifyFailure }): SessionResult {
	return result.reason === 'anonymous_user'
		? { session: null, user: null, claims: null, refusal: 'anonymous_user' }
		: NO_SESSION;
}

export function bearerToken(header: string): string | null {
	const match = /^Bearer\s+([A-Za-z0-9\-_.]+)\s*$/i.exec(header);
	return match?.[1] ?? null;
}
