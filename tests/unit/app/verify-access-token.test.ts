import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { isAdminClaims } from '$lib/server/auth/claims';
import {
	UnknownSigningKeyError,
	verifyAccessToken,
	verifyAccessTokenAllowingExpiry,
	type KeyResolver
} from '$lib/server/auth/verify-access-token';
import { base64url, ISSUER, makeSigningKey, sign, userClaims, type SigningKey } from './test-keys';

const key = await makeSigningKey('kid-main');
const resolverFor =
	(...keys: SigningKey[]): KeyResolver =>
	async (header) => {
		const found = keys.find((k) => k.kid === header.kid);
		if (!found) throw new UnknownSigningKeyError(header.kid);
		return found.publicKey;
	};
const verify = (token: string, extra: { currentDate?: Date } = {}) =>
	verifyAccessToken(token, { resolveKey: resolverFor(key), issuer: ISSUER, ...extra });

describe('verifyAccessToken', () => {
	it('accepts a token signed by a known key and returns its claims', async () => {
		const claims = userClaims({ email: 'ok@bedrock.test' });
		const result = await verify(await sign(key, claims));
		expect(result).toMatchObject({
			ok: true,
			claims: { sub: claims.sub, email: 'ok@bedrock.test', role: 'authenticated' }
		});
	});

	it('refuses an expired token', async () => {
		const past = Math.floor(Date.now() / 1000) - 7200;
		const token = await sign(key, userClaims({ iat: past, exp: past + 3600 }));
		expect(await verify(token)).toEqual({ ok: false, reason: 'expired' });
	});

	it('refuses a token whose payload was changed after signing', async () => {
		const token = await sign(key, userClaims());
		const [header, , signature] = token.split('.');
		const forged = base64url(userClaims({ app_metadata: { role: 'admin' } }));
		expect(await verify(`${header}.${forged}.${signature}`)).toEqual({
			ok: false,
			reason: 'bad_signature'
		});
	});

	it('refuses a token signed by another key under a known kid', async () => {
		const impostor = await makeSigningKey('kid-main');
		expect(await verify(await sign(impostor, userClaims()))).toEqual({
			ok: false,
			reason: 'bad_signature'
		});
	});

	it('refuses alg "none" without asking for a key', async () => {
		let asked = false;
		const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(userClaims())}.`;
		const result = await verifyAccessToken(token, {
			issuer: ISSUER,
			resolveKey: async () => {
				asked = true;
				return key.publicKey;
			}
		});
		expect(result).toEqual({ ok: false, reason: 'unsupported_alg' });
		expect(asked).toBe(false);
	});

	it('refuses HS256 tokens (shared-secret keys such as legacy anon keys)', async () => {
		const token = await new SignJWT(userClaims())
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.sign(new TextEncoder().encode('super-secret-jwt-token-with-at-least-32-characters-long'));
		expect(await verify(token)).toEqual({ ok: false, reason: 'unsupported_alg' });
	});

	it('refuses a token from another issuer', async () => {
		const token = await sign(key, userClaims({ iss: 'https://evil.example/auth/v1' }));
		expect(await verify(token)).toEqual({ ok: false, reason: 'wrong_issuer' });
	});

	it('refuses an anonymous user’s token by name', async () => {
		expect(await verify(await sign(key, userClaims({ is_anonymous: true })))).toEqual({
			ok: false,
			reason: 'anonymous_user'
		});
	});

	it('lets the refresh check accept our expired token but not a forged one', async () => {
		const past = Math.floor(Date.now() / 1000) - 7200;
		const expired = await sign(key, userClaims({ iat: past, exp: past + 3600 }));
		const options = { resolveKey: resolverFor(key), issuer: ISSUER };
		expect(await verify(expired)).toEqual({ ok: false, reason: 'expired' });
		expect((await verifyAccessTokenAllowingExpiry(expired, options)).ok).toBe(true);
		const impostor = await makeSigningKey('kid-main');
		const forged = await sign(impostor, userClaims({ iat: past, exp: past + 3600 }));
		expect(await verifyAccessTokenAllowingExpiry(forged, options)).toEqual({
			ok: false,
			reason: 'bad_signature'
		});
	});

	it('refuses a token for another audience', async () => {
		const token = await sign(key, userClaims({ aud: 'someone-else' }));
		expect(await verify(token)).toEqual({ ok: false, reason: 'wrong_audience' });
	});

	it.each(['anon', 'service_role'])('refuses an API key style token with role %s', async (role) => {
		const token = await sign(key, userClaims({ role }));
		expect(await verify(token)).toEqual({ ok: false, reason: 'not_authenticated_role' });
	});

	it('refuses a token whose kid is unknown', async () => {
		const stranger = await makeSigningKey('kid-unknown');
		expect(await verify(await sign(stranger, userClaims()))).toEqual({
			ok: false,
			reason: 'unknown_key'
		});
	});

	it('refuses a token without a user id', async () => {
		const claims = userClaims();
		delete claims.sub;
		expect(await verify(await sign(key, claims))).toMatchObject({ ok: false });
	});

	it('refuses a token whose sub is not a uuid', async () => {
		expect(await verify(await sign(key, userClaims({ sub: 'admin' })))).toEqual({
			ok: false,
			reason: 'invalid_claims'
		});
	});

	it('refuses garbage', async () => {
		expect(await verify('not-a-jwt')).toEqual({ ok: false, reason: 'malformed' });
		expect(await verify('a.b.c')).toEqual({ ok: false, reason: 'malformed' });
	});

	it('refuses a token that is not valid yet', async () => {
		const token = await sign(key, userClaims({ nbf: Math.floor(Date.now() / 1000) + 600 }));
		expect(await verify(token)).toEqual({ ok: false, reason: 'not_yet_valid' });
	});
});

describe('isAdminClaims', () => {
	it('grants admin from app_metadata.role', async () => {
		const result = await verify(
			await sign(key, userClaims({ app_metadata: { provider: 'email', role: 'admin' } }))
		);
		expect(result.ok && isAdminClaims(result.claims)).toBe(true);
	});

	it('ignores a user_metadata.role the user set themselves', async () => {
		const result = await verify(await sign(key, userClaims({ user_metadata: { role: 'admin' } })));
		expect(result.ok).toBe(true);
		expect(result.ok && isAdminClaims(result.claims)).toBe(false);
	});
});
