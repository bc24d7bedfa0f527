/**
 * Supabase anonymous users (`is_anonymous: true` in a token that is otherwise valid) are
 * refused by the API with a message that says why. The local auth server has anonymous
 * sign-ins off, as a new Supabase project does, so the account is marked anonymous in
 * auth.users (as GoTrue stores one) before it signs in.
 */
import postgres from 'postgres';
import { afterAll, expect, it } from 'vitest';
import { testEnv } from '../../helpers/test-env';
import { anonClient, createTestUser } from '../../helpers/factories';
import { appUrl } from './fixture';

const owner = postgres(testEnv().DATABASE_URL, { max: 1, prepare: false, onnotice: () => {} });
afterAll(() => owner.end({ timeout: 5 }));

it('answers an anonymous user’s bearer token with 401 and the reason', async () => {
	const user = await createTestUser();
	await owner`update auth.users set is_anonymous = true where id = ${user.id}`;
	const signed = await anonClient().auth.signInWithPassword({
		email: user.email,
		password: user.password
	});
	const token = signed.data.session?.access_token ?? '';
	const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
	expect(claims.is_anonymous).toBe(true);

	const response = await fetch(appUrl('/api/trpc/me.get'), {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(response.status).toBe(401);
	expect(await response.json()).toMatchObject({
		error: {
			message: expect.stringMatching(/Anonymous sign-ins are not accepted/),
			data: { code: 'UNAUTHORIZED' }
		}
	});

	// The same account, no longer anonymous, is let in.
	await owner`update auth.users set is_anonymous = false where id = ${user.id}`;
	const again = await anonClient().auth.signInWithPassword({
		email: user.email,
		password: user.password
	});
	const ok = await fetch(appUrl('/api/trpc/me.get'), {
		headers: { authorization: `Bearer ${again.data.session?.access_token}` }
	});
	expect(ok.status).toBe(200);
});
