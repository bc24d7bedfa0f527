import { describe, expect, it } from 'vitest';
import {
	bearerToken,
	createSafeGetSession,
	NO_SESSION,
	type SafeGetSessionDeps
} from '$lib/server/auth/session';
import { UnknownSigningKeyError, verifyAccessToken } from '$lib/server/auth/verify-access-token';
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

/** A stand-in for the server client's `auth.getSession()` reading a cookie. */
function cookieSession(accessToken: string | null, sessionUser: object = {}) {
	let calls = 0;
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
	return { supabase, calls: () => calls };
}

describe('safeGetSession', () => {
	it('signs in from a valid bearer token without reading the cookie', async () => {
		const claims = userClaims({ email: 'api@bedrock.test' });
		const cookie = cookieSession(null);
		const get = createSafeGetSession({
			supabase: cookie.supabase,
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
			verify
		});
		expect((await get()).session?.source).toBe('bearer');
	});

	it('treats a request with a bad bearer token as anonymous even when a session cookie exists', async () => {
		const cookie = cookieSession(await sign(key, userClaims()));
		const get = createSafeGetSession({
			supabase: cookie.supabase,
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
			authorizationHeader: null,
			verify
		});
		expect(await get()).toEqual(NO_SESSION);
	});

	it('reads the session once per request', async () => {
		const cookie = cookieSession(await sign(key, userClaims()));
		const get = createSafeGetSession({
			supabase: cookie.supabase,
			authorizationHeader: null,
			verify
		});
		await Promise.all([get(), get(), get()]);
		expect(cookie.calls()).toBe(1);
	});

	it('parses bearer headers strictly', () => {
		expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
		expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
		expect(bearerToken('Bearer')).toBeNull();
		expect(bearerToken('Bearer a b')).toBeNull();
		expect(bearerToken('Token abc')).toBeNull();
	});
});
