import { describe, expect, it } from 'vitest';
import {
	bearerToken,
	createSafeGetSession,
	NO_SESSION,
	type SafeGetSessionDeps
} from '$lib/server/auth/session';
import {
	UnknownSigningKeyError,
	verifyAccessToken,
	verifyAccessTokenAllowingExpiry
} from '$lib/server/auth/verify-access-token';
import { ISSUER, makeSigningKey, sign, userClaims } from './test-keys';

const key = await makeSigningKey();
const verify = (token: string) =>
	verifyAccessToken(token, {
		issuer: ISSUER,
		resolveKey: async (header) => {
			if (header.kid !== key.kid) throw new UnknownSigningKeyError(header.kid);
			return key.publicKey;
		}
	});

const verifyAllowingExpiry = (token: string) =>
	verifyAccessTokenAllowingExpiry(token, {
		issuer: ISSUER,
		resolveKey: async (header) => {
			if (header.kid !== key.kid) throw new UnknownSigningKeyError(header.kid);
			return key.publicKey;
		}
	});

/** A stand-in for the server client's `auth.getSession()` reading a cookie. */
function cookieSession(accessToken: string | null, sessionUser: object = {}) {
	let calls = 0;
	const stored = () => (accessToken ? { accessToken, expiresAt: null } : null);
	const supabase = {
		auth: {
			getSession: async () => {
				calls += 1;
				return accessToken
					? { data: { session: { access_token: accessToken, user: sessionUser } }, error: null }
					: { data: { session: null }, error: null };
			}
		}
	} as unknown as SafeGetSessionDeps['supabase'];
	return { supabase, stored, calls: () => calls };
}

describe('safeGetSession', () => {
	it('signs in from a valid bearer token without reading the cookie', async () => {
		const claims = userClaims({ email: 'api@bedrock.test' });
		const cookie = cookieSession(null);
		const get = createSafeGetSession({
			supabase: cookie.supabase,
			storedSession: cookie.stored,
			verifyAllowingExpiry,
			authorizationHeader: `Bearer ${await sign(key, claims)}`,
			verify
		});
		const result = await get();
		expect(result.user).toEqual({ id: claims.sub, email: 'api@bedrock.test', isAdmin: false });
		expect(result.session?.source).toBe('bearer');
		expect(cookie.calls()).toBe(0);
	});

	it('never builds the cookie client for a bearer request', async () => {
		// hooks.server.ts builds the Supabase server client on first access of `auth`.
		const untouchable = {
			get auth(): never {
				throw new Error('the cookie client was built for a bearer request');
			}
		} as unknown as SafeGetSessionDeps['supabase'];
		const get = createSafeGetSession({
			supabase: untouchable,
			authorizationHeader: `Bearer ${await sign(key, userClaims())}`,
			verify,
			storedSession: () => {
				throw new Error('the session cookie was read for a bearer request');
			},
			verifyAllowingExpiry
		});
		expect((await get()).session?.source).toBe('bearer');
	});

	it('treats a request with a bad bearer token as anonymous even when a session cookie exists', async () => {
		const cookie = cookieSession(await sign(key, userClaims()));
		const get = createSafeGetSession({
			supabase: cookie.supabase,
			storedSession: cookie.stored,
			verifyAllowingExpiry,
			authorizationHeader: 'Bearer not.a.token',
			verify
		});
		expect(await get()).toEqual(NO_SESSION);
		expect(cookie.calls()).toBe(0);
	});

	it('treats a non-Bearer authorization header as anonymous', async () => {
		const cookie = cookieSession(await sign(key, userClaims()));
		const get = createSafeGetSession({
			supabase: cookie.supabase,
			storedSession: cookie.stored,
			verifyAllowingExpiry,
			authorizationHeader: 'Basic dXNlcjpwdw==',
			verify
		});
		expect(await get()).toEqual(NO_SESSION);
	});

	it('verifies the cookie session access token and ignores the cookie user object', async () => {
		const claims = userClaims({ email: 'cookie@bedrock.test' });
		const cookie = cookieSession(await sign(key, claims), {
			id: 'someone-else',
			app_metadata: { role: 'admin' }
		});
		const get = createSafeGetSession({
			supabase: cookie.supabase,
			storedSession: cookie.stored,
			verifyAllowingExpiry,
			authorizationHeader: null,
			verify
		});
		const result = await get();
		expect(result.user).toEqual({ id: claims.sub, email: 'cookie@bedrock.test', isAdmin: false });
		expect(result.session?.source).toBe('cookie');
	});

	it('refuses a forged cookie session', async () => {
		const impostor = await makeSigningKey(key.kid);
		const cookie = cookieSession(
			await sign(impostor, userClaims({ app_metadata: { role: 'admin' } }))
		);
		const get = createSafeGetSession({
			supabase: cookie.supabase,
			storedSession: cookie.stored,
			verifyAllowingExpiry,
			authorizationHeader: null,
			verify
		});
		expect(await get()).toEqual(NO_SESSION);
	});

	it('reads the session once per request', async () => {
		const cookie = cookieSession(await sign(key, userClaims()));
		const get = createSafeGetSession({
			supabase: cookie.supabase,
			storedSession: cookie.stored,
			verifyAllowingExpiry,
			authorizationHeader: null,
			verify
		});
		await Promise.all([get(), get(), get()]);
		expect(cookie.calls()).toBe(1);
	});

	it('never lets a cookie with a forged, expired token reach a refresh', async () => {
		const impostor = await makeSigningKey(key.kid);
		const past = Math.floor(Date.now() / 1000) - 7200;
		const cookie = cookieSession(await sign(impostor, userClaims({ iat: past, exp: past + 3600 })));
		const get = createSafeGetSession({
			supabase: cookie.supabase,
			storedSession: cookie.stored,
			verifyAllowingExpiry,
			authorizationHeader: null,
			verify
		});
		expect(await get()).toEqual(NO_SESSION);
		expect(cookie.calls()).toBe(0);
	});

	it('lets a cookie with our own expired token be refreshed', async () => {
		const past = Math.floor(Date.now() / 1000) - 7200;
		const expired = await sign(key, userClaims({ iat: past, exp: past + 3600 }));
		const fresh = await sign(key, userClaims({ email: 'refreshed@bedrock.test' }));
		let calls = 0;
		const get = createSafeGetSession({
			supabase: {
				auth: {
					getSession: async () => {
						calls += 1;
						return { data: { session: { access_token: fresh } }, error: null };
					}
				}
			} as unknown as SafeGetSessionDeps['supabase'],
			storedSession: () => ({ accessToken: expired, expiresAt: past + 3600 }),
			verifyAllowingExpiry,
			authorizationHeader: null,
			verify
		});
		expect((await get()).user?.email).toBe('refreshed@bedrock.test');
		expect(calls).toBe(1);
	});

	it('refuses an anonymous user by name, from a bearer token or a cookie', async () => {
		const anonymous = await sign(key, userClaims({ is_anonymous: true, email: '' }));
		const bearer = createSafeGetSession({
			supabase: cookieSession(null).supabase,
			storedSession: () => null,
			verifyAllowingExpiry,
			authorizationHeader: `Bearer ${anonymous}`,
			verify
		});
		expect(await bearer()).toEqual({ ...NO_SESSION, refusal: 'anonymous_user' });
		const cookie = cookieSession(anonymous);
		const viaCookie = createSafeGetSession({
			supabase: cookie.supabase,
			storedSession: cookie.stored,
			verifyAllowingExpiry,
			authorizationHeader: null,
			verify
		});
		expect(await viaCookie()).toEqual({ ...NO_SESSION, refusal: 'anonymous_user' });
		expect(cookie.calls()).toBe(0);
	});

	it('parses bearer headers strictly', () => {
		expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
		expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
		expect(bearerToken('Bearer')).toBeNull();
		expect(bearerToken('Bearer a b')).toBeNull();
		expect(bearerToken('Token abc')).toBeNull();
	});
});
