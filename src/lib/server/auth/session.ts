/**
 * `locals.safeGetSession()`: who is making this request, from verified claims only.
 *
 * Two sources, in this order:
 * 1. `Authorization: Bearer <access token>` (TypeScript clients). If the header is present
 *    the cookie is not consulted: a request presenting a bad token is anonymous, never
 *    silently someone else.
 * 2. The Supabase session cookie (browsers). `getSession()` reads it and, when the access
 *    token is about to expire, refreshes it with the refresh token (the new cookie goes
 *    out through `setAll`). Its `session.user` comes from the cookie and is not trusted;
 *    the access token is verified here like a bearer token.
 *
 * The result is memoised per request: the guard, the layout load and the tRPC context
 * all ask, and a cookie refresh must happen at most once (refresh tokens are single use).
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { userFromClaims, type AccessTokenClaims, type AuthUser } from './claims';
import type { VerifyResult } from './verify-access-token';

export type VerifiedSession = {
	accessToken: string;
	/** Unix seconds (the token's `exp`). */
	expiresAt: number;
	source: 'bearer' | 'cookie';
};

export type SessionResult =
	| { session: VerifiedSession; user: AuthUser; claims: AccessTokenClaims }
	| { session: null; user: null; claims: null };

export const NO_SESSION: SessionResult = Object.freeze({ session: null, user: null, claims: null });

export type SafeGetSessionDeps = {
	supabase: Pick<SupabaseClient, 'auth'>;
	authorizationHeader: string | null;
	verify: (token: string) => Promise<VerifyResult>;
};

export function createSafeGetSession(deps: SafeGetSessionDeps): () => Promise<SessionResult> {
	let pending: Promise<SessionResult> | undefined;
	return () => (pending ??= readSession(deps));
}

async function readSession({
	supabase,
	authorizationHeader,
	verify
}: SafeGetSessionDeps): Promise<SessionResult> {
	if (authorizationHeader !== null) {
		const token = bearerToken(authorizationHeader);
		return token ? fromToken(token, 'bearer', verify) : NO_SESSION;
	}
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
	if (!result.ok) return NO_SESSION;
	const { claims } = result;
	return {
		session: { accessToken: token, expiresAt: claims.exp, source },
		user: userFromClaims(claims),
		claims
	};
}

export function bearerToken(header: string): string | null {
	const match = /^Bearer\s+([A-Za-z0-9\-_.]+)\s*$/i.exec(header);
	return match?.[1] ?? null;
}
