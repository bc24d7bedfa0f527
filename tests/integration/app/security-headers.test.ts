/**
 * Security headers over HTTP against the built app: a page, a tRPC GET and a tRPC POST each
 * carry the policy, nosniff, the referrer policy and, for a signed-in caller, no-store.
 * (HSTS is only sent over https; the unit test covers it, and here it must be absent.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, type TestUser } from '../../helpers/factories';
import { appUrl, signInThroughForm, type CookieJar } from './fixture';

let admin: TestUser;
let jar: CookieJar;
const sameOrigin = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };

beforeAll(async () => {
	admin = await createTestUser({ admin: true });
	({ jar } = await signInThroughForm(admin));
});

function expectCommonHeaders(response: Response) {
	expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	expect(response.headers.get('referrer-policy')).toBe('same-origin');
	expect(response.headers.get('x-frame-options')).toBe('DENY');
	expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
	// Plain http: HSTS would be ignored by browsers and must not be sent.
	expect(response.headers.get('strict-transport-security')).toBeNull();
}

describe('security headers', () => {
	it('on a dashboard page: kit CSP with default-src self and a script nonce, no-store', async () => {
		const response = await jar.get('/admin/supabase-bedrock');
		expect(response.status).toBe(200);
		expectCommonHeaders(response);
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/default-src 'self'/);
		expect(csp).toMatch(/script-src[^;]*'nonce-/);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		// The inline hydration script carries the nonce the header names.
		const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
		expect(await response.text()).toContain(`nonce="${nonce}"`);
	});

	it('on a tRPC GET with the session cookie', async () => {
		const response = await fetch(appUrl('/api/trpc/credentials.list'), {
			headers: { cookie: jar.header(), ...sameOrigin }
		});
		expect(response.status).toBe(200);
		expectCommonHeaders(response);
		expect(response.headers.get('content-security-policy')).toBe(
			"default-src 'none'; frame-ancestors 'none'"
		);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
	});

	it('on a tRPC GET with a bearer token', async () => {
		const response = await fetch(appUrl('/api/trpc/me.get'), {
			headers: { authorization: `Bearer ${admin.accessToken}` }
		});
		expect(response.status).toBe(200);
		expectCommonHeaders(response);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
	});

	it('on a tRPC POST', async () => {
		const response = await fetch(appUrl('/api/trpc/credentials.delete'), {
			method: 'POST',
			headers: { cookie: jar.header(), 'content-type': 'application/json', ...sameOrigin },
			body: '{}'
		});
		expect(response.status).toBe(200);
		expectCommonHeaders(response);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
	});

	it('on the sign-in page for a visitor (not signed in: cacheable rules are the app’s own)', async () => {
		const response = await fetch(appUrl('/login'));
		expect(response.status).toBe(200);
		expectCommonHeaders(response);
		expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
		expect(response.headers.get('cache-control')).not.toBe('private, no-store');
	});
});
