/**
 * The first layer of auth for API clients: `Authorization: Bearer <access token>` against
 * the running app, with tokens issued by the real local auth server.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { createBedrockAdminClient } from '../../../src/lib/trpc/client';
import { testEnv } from '../../helpers/test-env';
import { anonClient, createTestUser, type TestUser } from '../../helpers/factories';
import { appUrl } from './fixture';

type ErrorBody = {
	error?: { message: string; data: { code: string; httpStatus: number; stack?: string } };
};

async function callMe(authorization?: string) {
	const response = await fetch(appUrl('/api/trpc/me.get'), {
		headers: authorization ? { authorization } : {}
	});
	return {
		status: response.status,
		body: (await response.json()) as ErrorBody & { result?: { data: unknown } }
	};
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (part: string) =>
	JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

let user: TestUser;
let admin: TestUser;

beforeAll(async () => {
	[user, admin] = await Promise.all([createTestUser(), createTestUser({ admin: true })]);
});

describe('bearer tokens', () => {
	it('me.get answers for a valid access token, through the typed client', async () => {
		const api = createBedrockAdminClient({ url: testEnv().APP_URL, accessToken: user.accessToken });
		expect(await api.me.get.query()).toEqual({
			id: user.id,
			email: user.email,
			isAdmin: false,
			role: 'user'
		});
	});

	it('takes the token from a function, so callers can refresh it', async () => {
		const api = createBedrockAdminClient({
			url: `${testEnv().APP_URL}/api/trpc`,
			accessToken: async () => admin.accessToken
		});
		expect(await api.me.get.query()).toMatchObject({ id: admin.id, isAdmin: true, role: 'admin' });
	});

	it('answers UNAUTHORIZED without a token', async () => {
		const { status, body } = await callMe();
		expect(status).toBe(401);
		expect(body.error?.data.code).toBe('UNAUTHORIZED');
		expect(body.error?.message).toBe('Please sign in to continue.');
	});

	it('answers UNAUTHORIZED to the typed client without a valid token', async () => {
		const api = createBedrockAdminClient({ url: testEnv().APP_URL, accessToken: 'not-a-token' });
		const failure = await api.me.get.query().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(TRPCClientError);
		expect((failure as TRPCClientError<never>).data).toMatchObject({
			code: 'UNAUTHORIZED',
			httpStatus: 401
		});
	});

	it('refuses a token whose payload was edited (admin role added)', async () => {
		const [header, payload, signature] = user.accessToken.split('.') as [string, string, string];
		const claims = decodePart(payload);
		const forged = base64url({
			...claims,
			app_metadata: { ...(claims.app_metadata as object), role: 'admin' }
		});
		const { status, body } = await callMe(`Bearer ${header}.${forged}.${signature}`);
		expect(status).toBe(401);
		expect(body.error?.data.code).toBe('UNAUTHORIZED');
	});

	it('refuses a token with one flipped payload character', async () => {
		const [header, payload, signature] = user.accessToken.split('.') as [string, string, string];
		const index = Math.floor(payload.length / 2);
		const flipped =
			payload.slice(0, index) + (payload[index] === 'A' ? 'B' : 'A') + payload.slice(index + 1);
		expect((await callMe(`Bearer ${header}.${flipped}.${signature}`)).status).toBe(401);
	});

	it('refuses an unsigned token (alg: none) carrying a real user id', async () => {
		const [, payload] = user.accessToken.split('.') as [string, string, string];
		const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
		const { status, body } = await callMe(`Bearer ${unsigned}`);
		expect(status).toBe(401);
		expect(body.error?.data.code).toBe('UNAUTHORIZED');
	});

	it.each(['PUBLIC_SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY'] as const)(
		'does not sign anybody in with the %s as bearer',
		async (key) => {
			const { status, body } = await callMe(`Bearer ${testEnv()[key]}`);
			expect(status).toBe(401);
			expect(body.error?.data.code).toBe('UNAUTHORIZED');
		}
	);

	it('refuses other authorization schemes', async () => {
		expect((await callMe('Basic dXNlcjpwYXNzd29yZA==')).status).toBe(401);
	});

	it('never sends a stack trace', async () => {
		const { body } = await callMe('Bearer x.y.z');
		expect(body.error?.data.stack).toBeUndefined();
		expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
	});
});

describe('admin rights come from app_metadata only', () => {
	it('ignores user_metadata.role = admin that the user set on themselves', async () => {
		const self = await createTestUser();
		const client = anonClient();
		await client.auth.setSession({
			access_token: self.accessToken,
			refresh_token: self.refreshToken
		});
		const updated = await client.auth.updateUser({ data: { role: 'admin' } });
		expect(updated.error).toBeNull();
		const refreshed = await client.auth.refreshSession();
		const token = refreshed.data.session?.access_token ?? '';
		expect((decodePart(token.split('.')[1] ?? '').user_metadata as { role?: string }).role).toBe(
			'admin'
		);

		const api = createBedrockAdminClient({ url: testEnv().APP_URL, accessToken: token });
		expect(await api.me.get.query()).toMatchObject({ id: self.id, isAdmin: false, role: 'user' });
		const listed = await api.credentials.list.query().catch((error: unknown) => error);
		expect((listed as TRPCClientError<never>).data).toMatchObject({ code: 'FORBIDDEN' });
	});

	it('cannot be granted by the user through the auth API (app_metadata is admin-only)', async () => {
		const self = await createTestUser();
		const response = await fetch(`${testEnv().PUBLIC_SUPABASE_URL}/auth/v1/user`, {
			method: 'PUT',
			headers: {
				apikey: testEnv().PUBLIC_SUPABASE_ANON_KEY,
				authorization: `Bearer ${self.accessToken}`,
				'content-type': 'application/json'
			},
			body: JSON.stringify({ app_metadata: { role: 'admin' } })
		});
		expect(response.status).toBe(403);
		const api = createBedrockAdminClient({ url: testEnv().APP_URL, accessToken: self.accessToken });
		expect((await api.me.get.query()).isAdmin).toBe(false);
	});

	it('lets an app_metadata admin call admin procedures', async () => {
		const api = createBedrockAdminClient({
			url: testEnv().APP_URL,
			accessToken: admin.accessToken
		});
		await expect(api.credentials.list.query()).resolves.toBeDefined();
	});
});
