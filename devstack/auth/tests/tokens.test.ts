// Access tokens and the wire contract: JWKS verification with jose, the exact claim set, refusal
// of forged/expired/unsigned tokens, GoTrue's two error shapes, the gateway's apikey check, CORS.
import {
	createRemoteJWKSet,
	generateKeyPair,
	importJWK,
	jwtVerify,
	SignJWT,
	type JWTPayload
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	anonClient,
	PASSWORD,
	startAuthFixture,
	uniqueEmail,
	type AuthFixture
} from './auth-fixture';

let fixture: AuthFixture;
let accessToken: string;
let claims: JWTPayload;

beforeAll(async () => {
	fixture = await startAuthFixture();
	const { data, error } = await anonClient(fixture).auth.signUp({
		email: uniqueEmail('tokens'),
		password: PASSWORD
	});
	if (error || !data.session) throw new Error(`signUp failed: ${error?.message}`);
	accessToken = data.session.access_token;
	claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8'));
});

afterAll(async () => {
	await fixture?.stop();
});

const authUrl = (path: string) => `${fixture.url}/auth/v1${path}`;

async function getUserWith(token: string) {
	return anonClient(fixture).auth.getUser(token);
}

describe('access tokens', () => {
	it('verify against the published JWKS with every GoTrue claim present', async () => {
		const jwks = createRemoteJWKSet(new URL(authUrl('/.well-known/jwks.json')));

		const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
			issuer: `${fixture.url}/auth/v1`,
			audience: 'authenticated'
		});

		expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: fixture.keys.kid, typ: 'JWT' });
		expect(Object.keys(payload)).toEqual([
			'iss',
			'sub',
			'aud',
			'exp',
			'iat',
			'email',
			'phone',
			'app_metadata',
			'user_metadata',
			'role',
			'aal',
			'amr',
			'session_id',
			'is_anonymous'
		]);
		expect(payload).toMatchObject({
			aud: 'authenticated',
			phone: '',
			role: 'authenticated',
			aal: 'aal1',
			is_anonymous: false,
			app_metadata: { provider: 'email', providers: ['email'] },
			user_metadata: {}
		});
		expect(payload.exp! - payload.iat!).toBe(3600);
		expect(payload.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
		expect(payload.session_id).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('publishes only the public key, with kid, alg ES256 and use sig', async () => {
		const response = await fetch(authUrl('/.well-known/jwks.json'));
		const body = (await response.json()) as { keys: Record<string, unknown>[] };

		expect(response.status).toBe(200);
		expect(body.keys).toHaveLength(1);
		expect(body.keys[0]).toMatchObject({
			kty: 'EC',
			crv: 'P-256',
			kid: fixture.keys.kid,
			alg: 'ES256',
			use: 'sig'
		});
		expect(body.keys[0]).not.toHaveProperty('d');
	});

	it('lets getClaims() verify the session locally', async () => {
		const client = anonClient(fixture);
		await client.auth.setSession({ access_token: accessToken, refresh_token: 'unused-here' });

		const { data, error } = await client.auth.getClaims();

		expect(error).toBeNull();
		expect(data?.claims.sub).toBe(claims.sub);
		expect(data?.header.kid).toBe(fixture.keys.kid);
	});

	it('refuses a token signed by another key with bad_jwt (403)', async () => {
		const { privateKey } = await generateKeyPair('ES256');
		const forged = await new SignJWT({ ...claims, app_metadata: { role: 'admin' } })
			.setProtectedHeader({ alg: 'ES256', kid: fixture.keys.kid, typ: 'JWT' })
			.sign(privateKey);

		const { data, error } = await getUserWith(forged);

		expect(data.user).toBeNull();
		expect(error?.code).toBe('bad_jwt');
		expect(error?.status).toBe(403);
	});

	it('refuses an expired token with bad_jwt even though its signature is ours', async () => {
		const ourKey = await importJWK(fixture.keys.privateJwk, 'ES256');
		const now = Math.floor(Date.now() / 1000);
		const expired = await new SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
			.setProtectedHeader({ alg: 'ES256', kid: fixture.keys.kid, typ: 'JWT' })
			.sign(ourKey);

		const { error } = await getUserWith(expired);

		expect(error?.code).toBe('bad_jwt');
		expect(error?.status).toBe(403);
		expect(error?.message).toContain('expired');
	});

	it("refuses an unsigned alg 'none' token with bad_jwt", async () => {
		const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
		const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;

		const { error } = await getUserWith(unsigned);

		expect(error?.code).toBe('bad_jwt');
		expect(error?.status).toBe(403);
	});

	it('refuses the anon key as a user token: it has no sub', async () => {
		const { error } = await getUserWith(fixture.keys.anonKey);

		expect(error?.code).toBe('bad_jwt');
		expect(error?.message).toBe('invalid claim: missing sub claim');
	});
});

describe('error responses', () => {
	const wrongLogin = (headers: Record<string, string>) =>
		fetch(authUrl('/token?grant_type=password'), {
			method: 'POST',
			headers: { apikey: fixture.keys.anonKey, 'content-type': 'application/json', ...headers },
			body: JSON.stringify({ email: uniqueEmail('nobody'), password: 'whatever-123' })
		});

	it('use the legacy { code: status, error_code, msg } shape without an API version header', async () => {
		const response = await wrongLogin({});

		expect(response.status).toBe(400);
		expect(response.headers.get('x-supabase-api-version')).toBeNull();
		expect(response.headers.get('x-sb-error-code')).toBe('invalid_credentials');
		expect(await response.json()).toEqual({
			code: 400,
			error_code: 'invalid_credentials',
			msg: 'Invalid login credentials'
		});
	});

	it('use { code, message } and echo the header when X-Supabase-Api-Version is 2024-01-01', async () => {
		const response = await wrongLogin({ 'x-supabase-api-version': '2024-01-01' });

		expect(response.headers.get('x-supabase-api-version')).toBe('2024-01-01');
		expect(await response.json()).toEqual({
			code: 'invalid_credentials',
			message: 'Invalid login credentials'
		});
	});

	it('answer malformed JSON with 400 bad_json, not a server error', async () => {
		const response = await fetch(authUrl('/signup'), {
			method: 'POST',
			headers: { apikey: fixture.keys.anonKey, 'content-type': 'application/json' },
			body: '{"email": "a@b.c", '
		});

		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ error_code: 'bad_json' });
	});

	it('answer a field of the wrong JSON type with 400 bad_json naming the field', async () => {
		const response = await fetch(authUrl('/signup'), {
			method: 'POST',
			headers: { apikey: fixture.keys.anonKey, 'content-type': 'application/json' },
			body: JSON.stringify({ email: 42, password: PASSWORD })
		});
		const body = (await response.json()) as { error_code: string; msg: string };

		expect(response.status).toBe(400);
		expect(body.error_code).toBe('bad_json');
		expect(body.msg).toContain('"email"');
	});

	it('answer a refresh without refresh_token with the OAuth-style invalid_request', async () => {
		const response = await fetch(authUrl('/token?grant_type=refresh_token'), {
			method: 'POST',
			headers: { apikey: fixture.keys.anonKey, 'content-type': 'application/json' },
			body: '{}'
		});

		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			error: 'invalid_request',
			error_description: 'refresh_token required'
		});
	});

	it('refuse an unsupported grant_type', async () => {
		const response = await fetch(authUrl('/token?grant_type=client_credentials'), {
			method: 'POST',
			headers: { apikey: fixture.keys.anonKey }
		});

		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({
			error_code: 'invalid_credentials',
			msg: 'unsupported_grant_type'
		});
	});
});

describe('gateway behaviour', () => {
	it('refuses a request without an apikey like the Supabase gateway (401)', async () => {
		const response = await fetch(authUrl('/settings'));

		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ message: 'No API key found in request' });
	});

	it('refuses an unknown apikey (401)', async () => {
		const response = await fetch(authUrl('/settings'), { headers: { apikey: 'not-a-key' } });

		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ message: 'Invalid API key' });
	});

	it('serves /settings with email sign-up and autoconfirm on', async () => {
		const response = await fetch(authUrl('/settings'), {
			headers: { apikey: fixture.keys.anonKey }
		});

		expect(await response.json()).toMatchObject({
			external: { email: true, phone: false },
			disable_signup: false,
			mailer_autoconfirm: true
		});
	});

	it('answers a CORS preflight and exposes the headers auth-js reads', async () => {
		const preflight = await fetch(authUrl('/token?grant_type=password'), {
			method: 'OPTIONS',
			headers: {
				origin: 'http://127.0.0.1:5173',
				'access-control-request-method': 'POST',
				'access-control-request-headers':
					'apikey, authorization, content-type, x-client-info, x-supabase-api-version'
			}
		});
		const actual = await fetch(authUrl('/settings'), {
			headers: { apikey: fixture.keys.anonKey, origin: 'http://127.0.0.1:5173' }
		});

		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
		expect(preflight.headers.get('access-control-allow-headers')).toContain(
			'x-supabase-api-version'
		);
		expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
		expect(actual.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
		expect(actual.headers.get('access-control-expose-headers')).toContain('X-Supabase-Api-Version');
	});

	it('answers paths outside /auth/v1 like the gateway (404)', async () => {
		const response = await fetch(`${fixture.url}/rest/v1/anything`, {
			headers: { apikey: fixture.keys.anonKey }
		});

		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({ message: 'no Route matched with those values' });
	});
});
