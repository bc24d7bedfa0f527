import { describe, expect, it } from 'vitest';
import { storedSessionFromCookies } from '$lib/server/auth/stored-session';

const encode = (value: object) =>
	`base64-${Buffer.from(JSON.stringify(value)).toString('base64url')}`;

describe('storedSessionFromCookies', () => {
	it('reads the access token and expiry from the base64 session cookie', () => {
		expect(
			storedSessionFromCookies([
				{ name: 'theme', value: 'dark' },
				{ name: 'sb-127-auth-token', value: encode({ access_token: 'a.b.c', expires_at: 42 }) }
			])
		).toEqual({ accessToken: 'a.b.c', expiresAt: 42 });
	});

	it('joins chunks in order', () => {
		const whole = encode({ access_token: 'x'.repeat(50), expires_at: 7 });
		const cut = Math.floor(whole.length / 2);
		expect(
			storedSessionFromCookies([
				{ name: 'sb-ref-auth-token.1', value: whole.slice(cut) },
				{ name: 'sb-ref-auth-token.0', value: whole.slice(0, cut) }
			])
		).toEqual({ accessToken: 'x'.repeat(50), expiresAt: 7 });
	});

	it('gives null for no cookie, garbage, or a session without a token', () => {
		expect(storedSessionFromCookies([])).toBeNull();
		expect(storedSessionFromCookies([{ name: 'sb-r-auth-token', value: 'base64-%%%' }])).toBeNull();
		expect(
			storedSessionFromCookies([{ name: 'sb-r-auth-token', value: encode({ refresh_token: 'r' }) }])
		).toBeNull();
		expect(
			storedSessionFromCookies([
				{ name: 'sb-r-auth-token-code-verifier', value: encode({ access_token: 't' }) }
			])
		).toBeNull();
	});
});
