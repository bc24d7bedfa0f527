/**
 * Browser sessions over plain HTTP: the /login form, the session cookie it sets, the
 * admin guard in hooks, refresh of an expired session, and sign-out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { anonClient, createTestUser, type TestUser } from '../../helpers/factories';
import {
	appUrl,
	CookieJar,
	decodeSessionCookie,
	encodeSessionCookie,
	signInThroughForm
} from './fixture';

const DASHBOARD = '/admin/supabase-bedrock';

let admin: TestUser;
let user: TestUser;

beforeAll(async () => {
	[admin, user] = await Promise.all([createTestUser({ admin: true }), createTestUser()]);
});

describe('signing in through the form', () => {
	it('sets an HttpOnly, Secure, SameSite=Lax session cookie on a response that must not be cached', async () => {
		const { jar, response } = await signInThroughForm(admin);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(DASHBOARD);
		const setCookie =
			response.headers.getSetCookie().find((line) => /^sb-.+-auth-token=/.test(line)) ?? '';
		expect(setCookie).toMatch(/HttpOnly/i);
		// Secure although this app is served over plain http: it follows the build, not the URL.
		expect(setCookie).toMatch(/;\s*Secure/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);
		expect(setCookie).toMatch(/Path=\//);
		expect(response.headers.get('cache-control')).toContain('no-store');
		expect(jar.sessionCookieName()).toBeDefined();
	});

	it('sends a non-admin to their own area (/bedrock) by default', async () => {
		const { response } = await signInThroughForm(user);
		expect(response.headers.get('location')).toBe('/bedrock');
	});

	it('honours a same-site redirectTo', async () => {
		const { response } = await signInThroughForm(
			admin,
			`/login?redirectTo=${encodeURIComponent(`${DASHBOARD}/models?provider=amazon`)}`
		);
		expect(response.headers.get('location')).toBe(`${DASHBOARD}/models?provider=amazon`);
	});

	it.each(['//evil.example', '/\\evil.example', 'https://evil.example/', '/.//evil.example'])(
		'ignores the off-site redirectTo %s',
		async (target) => {
			const { response } = await signInThroughForm(
				admin,
				`/login?redirectTo=${encodeURIComponent(target)}`
			);
			expect(response.headers.get('location')).toBe(DASHBOARD);
		}
	);

	it('answers a wrong password with 400 and a message, not a 500, and never echoes the password', async () => {
		const jar = new CookieJar();
		const response = await jar.postForm('/login', {
			email: admin.email,
			password: 'wrong-password-123'
		});
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Wrong email or password.');
		expect(html).not.toContain('wrong-password-123');
		expect(jar.sessionCookieName()).toBeUndefined();
	});

	it('answers missing fields with field errors', async () => {
		const response = await new CookieJar().postForm('/login', { email: 'not-an-email' });
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Enter a valid email address');
		expect(html).toContain('Enter your password.');
		expect(html).toContain('aria-invalid="true"');
	});

	it('answers a body that is not a form with a 4xx, not a 500', async () => {
		const response = await fetch(appUrl('/login'), {
			method: 'POST',
			headers: {
				origin: new URL(appUrl('/')).origin,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html'
			},
			body: '%%%not-a-form',
			redirect: 'manual'
		});
		expect(response.status).toBeGreaterThanOrEqual(400);
		expect(response.status).toBeLessThan(500);
	});
});

describe('the admin guard', () => {
	it('redirects an anonymous visitor to /login with the path and query to come back to', async () => {
		const response = await new CookieJar().get(`${DASHBOARD}/models?provider=amazon`);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(
			`/login?redirectTo=${encodeURIComponent(`${DASHBOARD}/models?provider=amazon`)}`
		);
	});

	it('shows an admin the dashboard with their email, loaded through tRPC', async () => {
		const { jar } = await signInThroughForm(admin);
		const response = await jar.get(DASHBOARD);
		expect(response.status).toBe(200);
		expect(await response.text()).toContain(admin.email);
	});

	it('answers a signed-in non-admin with the 403 page: message, sign-out and home links', async () => {
		const { jar } = await signInThroughForm(user);
		const response = await jar.get(DASHBOARD);
		expect(response.status).toBe(403);
		const html = await response.text();
		expect(html).toContain('Access denied');
		expect(html).toContain('does not have the admin role');
		expect(html).toContain('action="/logout"');
		expect(html).toMatch(/<a href="[^"]*"[^>]*>Go to the home page<\/a>/);
	});

	it('refuses a non-admin the page data requests and form posts under /admin too', async () => {
		const { jar } = await signInThroughForm(user);
		const data = await jar.get(`${DASHBOARD}/__data.json`, 'application/json');
		expect(data.status).toBe(200);
		expect(await data.text()).toContain('"status":403');
		const posted = await jar.postForm(DASHBOARD, { anything: 'x' });
		expect(posted.status).toBe(403);
	});

	it('treats a forged session cookie as signed out', async () => {
		const { jar } = await signInThroughForm(user);
		const name = jar.sessionCookieName() ?? '';
		const session = decodeSessionCookie(jar.cookies.get(name) ?? '');
		const [header, payload, signature] = String(session.access_token).split('.') as [
			string,
			string,
			string
		];
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
		claims.app_metadata = { ...claims.app_metadata, role: 'admin' };
		session.access_token = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
		jar.cookies.set(name, encodeSessionCookie(session));
		const response = await jar.get(DASHBOARD);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
	});

	it('does not let a bad bearer token fall back to a valid session cookie', async () => {
		const { jar } = await signInThroughForm(admin);
		const response = await fetch(appUrl('/api/trpc/me.get'), {
			headers: { cookie: jar.header(), authorization: 'Bearer bad.token.here' }
		});
		expect(response.status).toBe(401);
		const viaCookie = await fetch(appUrl('/api/trpc/me.get'), {
			headers: { cookie: jar.header(), 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }
		});
		expect(
			((await viaCookie.json()) as { result: { data: { email: string } } }).result.data.email
		).toBe(admin.email);
	});
});

describe('session refresh and sign-out', () => {
	it('refreshes an expired session with its refresh token and writes the new cookie', async () => {
		const { jar } = await signInThroughForm(admin);
		const name = jar.sessionCookieName() ?? '';
		const before = decodeSessionCookie(jar.cookies.get(name) ?? '');
		// Pretend the access token expired: @supabase/ssr refreshes on the next request.
		jar.cookies.set(
			name,
			encodeSessionCookie({ ...before, expires_at: Math.floor(Date.now() / 1000) - 10 })
		);

		const response = await jar.get(DASHBOARD);
		expect(response.status).toBe(200);
		expect(await response.text()).toContain(admin.email);
		const after = decodeSessionCookie(jar.cookies.get(name) ?? '');
		expect(after.refresh_token).not.toBe(before.refresh_token);
		expect(response.headers.get('cache-control')).toContain('no-store');
	});

	it('does not spend the refresh token of a cookie whose expired access token is forged', async () => {
		const { jar } = await signInThroughForm(admin);
		const name = jar.sessionCookieName() ?? '';
		const session = decodeSessionCookie(jar.cookies.get(name) ?? '');
		const [header, payload, signature] = String(session.access_token).split('.') as [
			string,
			string,
			string
		];
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
		claims.exp = Math.floor(Date.now() / 1000) - 60;
		const forged = {
			...session,
			access_token: `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`,
			expires_at: claims.exp
		};
		jar.cookies.set(name, encodeSessionCookie(forged));

		const response = await jar.get(DASHBOARD);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
		// No refresh happened: the refresh token was not spent, so it still works exactly once.
		const refreshed = await anonClient().auth.refreshSession({
			refresh_token: String(session.refresh_token)
		});
		expect(refreshed.error).toBeNull();
		expect(refreshed.data.session?.access_token).toBeTruthy();
	});

	it('signs out: clears the cookie, and /admin redirects to /login again', async () => {
		const { jar } = await signInThroughForm(admin);
		expect((await jar.get(DASHBOARD)).status).toBe(200);
		const response = await jar.postForm('/logout', {});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login');
		expect(jar.sessionCookieName()).toBeUndefined();
		expect((await jar.get(DASHBOARD)).status).toBe(303);
	});

	it('refuses a cross-site sign-out post (SvelteKit origin check)', async () => {
		const { jar } = await signInThroughForm(admin);
		const response = await fetch(appUrl('/logout'), {
			method: 'POST',
			headers: {
				cookie: jar.header(),
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: '',
			redirect: 'manual'
		});
		expect(response.status).toBe(403);
		expect((await jar.get(DASHBOARD)).status).toBe(200);
	});
});
