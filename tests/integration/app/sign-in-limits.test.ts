/**
 * Failed sign-ins per email over HTTP (the real /login form and auth server), and per client
 * address through the domain functions (every test signs in from 127.0.0.1, so spending that
 * address's budget here would lock the rest of the suite out).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	recordFailedSignIn,
	SIGN_IN_LIMITS,
	signInBlock
} from '../../../src/lib/server/auth/sign-in-limits';
import { createTestUser } from '../../helpers/factories';
import { CookieJar, signInThroughForm } from './fixture';

describe('failed sign-ins per account', () => {
	it(`refuses the attempt after ${SIGN_IN_LIMITS.failuresPerEmail} failures, even with the right password, and says when to retry`, async () => {
		const user = await createTestUser();
		for (let i = 0; i < SIGN_IN_LIMITS.failuresPerEmail; i++) {
			const response = await new CookieJar().postForm('/login', {
				email: user.email,
				password: `wrong-${i}-password`
			});
			expect(response.status).toBe(400);
		}
		const { jar, response } = await signInThroughForm(user);
		expect(response.status).toBe(429);
		const html = await response.text();
		expect(html).toMatch(/Too many failed sign-ins for this account. Try again in \d+ minutes?\./);
		expect(jar.sessionCookieName()).toBeUndefined();

		// Another account from the same address is not affected.
		const other = await createTestUser();
		expect((await signInThroughForm(other)).response.status).toBe(303);
	});

	it('does not count successful sign-ins', async () => {
		const user = await createTestUser();
		for (let i = 0; i < SIGN_IN_LIMITS.failuresPerEmail + 2; i++)
			expect((await signInThroughForm(user)).response.status).toBe(303);
	});
});

describe('failed sign-ins per client address', () => {
	it(`blocks an address after ${SIGN_IN_LIMITS.failuresPerIp} failures, whatever the accounts`, async () => {
		const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 6)}`;
		for (let i = 0; i < SIGN_IN_LIMITS.failuresPerIp; i++) {
			expect(await signInBlock(address, `someone-${i}@bedrock.test`)).toBeNull();
			await recordFailedSignIn(address, `someone-${i}@bedrock.test`);
		}
		const block = await signInBlock(address, 'fresh-account@bedrock.test');
		expect(block?.scope).toBe('ip');
		expect(block?.retryAfterSeconds).toBeGreaterThan(SIGN_IN_LIMITS.windowSeconds - 30);
		expect(await signInBlock(`${address}-elsewhere`, 'fresh-account@bedrock.test')).toBeNull();
	});
});
