// ES256 key pairs and token builders for the verification unit tests (never the auth
// server's keys: these tests prove the checks, the integration tests prove the wiring).
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';

export const ISSUER = 'http://127.0.0.1:54321/auth/v1';

export async function makeSigningKey(kid = `kid-${randomUUID().slice(0, 8)}`) {
	const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
	const publicJwk: JWK = {
		...(await exportJWK(publicKey)),
		kid,
		alg: 'ES256',
		use: 'sig',
		key_ops: ['verify']
	};
	return { kid, privateKey, publicKey, publicJwk };
}

export type SigningKey = Awaited<ReturnType<typeof makeSigningKey>>;

export function userClaims(overrides: JWTPayload = {}): JWTPayload {
	const now = Math.floor(Date.now() / 1000);
	return {
		iss: ISSUER,
		sub: randomUUID(),
		aud: 'authenticated',
		iat: now,
		exp: now + 3600,
		email: 'someone@bedrock.test',
		phone: '',
		role: 'authenticated',
		aal: 'aal1',
		session_id: randomUUID(),
		is_anonymous: false,
		app_metadata: { provider: 'email', providers: ['email'] },
		user_metadata: {},
		...overrides
	};
}

export function sign(
	key: SigningKey,
	claims: JWTPayload,
	header: { alg?: string; kid?: string } = {}
) {
	return new SignJWT(claims)
		.setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT', ...header })
		.sign(key.privateKey);
}

export const base64url = (value: string | object) =>
	Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
