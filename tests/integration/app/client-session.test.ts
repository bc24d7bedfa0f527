/**
 * The client package's auth against the real local auth server, driven by supabase-js: with
 * `supabase`, the session is read before each request, so a refresh between two calls is used
 * without the caller doing anything; no session, or a 401, rejects with SignInRequiredError.
 */
import { describe, expect, it } from 'vitest';
import {
	createBedrockAdminClient,
	describeError,
	SignInRequiredError,
	type BedrockAdminClient
} from '../../../packages/client/src/index';
import { testEnv } from '../../helpers/test-env';
import { anonClient, createLogin, createTestUser } from '../../helpers/factories';

/** A fetch that notes the bearer token of every request it sends. */
function recordingFetch() {
	const tokens: string[] = [];
	const fetchAndRecord = async (input: string | URL | Request, init?: RequestInit) => {
		tokens.push(new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '') ?? '');
		return fetch(input, init);
	};
	return { tokens, fetch: fetchAndRecord as typeof globalThis.fetch };
}

async function signedInSupabase() {
	const login = await createLogin();
	const supabase = anonClient();
	const { data, error } = await supabase.auth.signInWithPassword(login);
	if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
	return { login, supabase, session: data.session };
}

function streamError(api: BedrockAdminClient): Promise<unknown> {
	return new Promise((resolve) => {
		const subscription = api.invoke.converseStream.subscribe(
			{ modelId: 'amazon.titan-text-lite-v1', messages: [{ role: 'user', content: 'Hi' }] },
			{
				onError: (error) => {
					subscription.unsubscribe();
					resolve(error);
				},
				onComplete: () => resolve(undefined)
			}
		);
	});
}

describe('createBedrockAdminClient with a supabase client', () => {
	it('sends the refreshed token after the session is refreshed between two calls', async () => {
		const { login, supabase, session } = await signedInSupabase();
		const recorder = recordingFetch();
		const api = createBedrockAdminClient({
			url: testEnv().APP_URL,
			supabase,
			fetch: recorder.fetch
		});

		expect(await api.me.get.query()).toMatchObject({ id: login.id, email: login.email });
		// Tokens carry their issue time in seconds: wait for a new second so the refresh differs.
		await new Promise((done) => setTimeout(done, 1_100));
		const refreshed = await supabase.auth.refreshSession();
		const newToken = refreshed.data.session?.access_token;
		expect(newToken).toBeDefined();
		expect(newToken).not.toBe(session.access_token);

		expect(await api.me.get.query()).toMatchObject({ id: login.id });
		expect(recorder.tokens).toEqual([session.access_token, newToken]);
	});

	it('refuses to send anything once the supabase client is signed out', async () => {
		const { supabase } = await signedInSupabase();
		await supabase.auth.signOut({ scope: 'local' });
		const recorder = recordingFetch();
		const api = createBedrockAdminClient({
			url: testEnv().APP_URL,
			supabase,
			fetch: recorder.fetch
		});

		const failure = await api.me.get.query().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(SignInRequiredError);
		expect((failure as SignInRequiredError).reason).toBe('no-session');
		expect(describeError(failure).message).toMatch(/sign in again/);
		expect(recorder.tokens).toEqual([]);
	});
});

describe('a 401 answer', () => {
	it('rejects a query with SignInRequiredError that keeps the server’s code', async () => {
		const api = createBedrockAdminClient({ url: testEnv().APP_URL, accessToken: 'not-a-token' });
		const failure = await api.credentials.get.query().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(SignInRequiredError);
		expect((failure as SignInRequiredError).reason).toBe('rejected');
		expect((failure as SignInRequiredError).data).toMatchObject({
			code: 'UNAUTHORIZED',
			httpStatus: 401
		});
		expect(describeError(failure)).toMatchObject({ code: 'UNAUTHORIZED' });
	});

	it('ends a stream with SignInRequiredError', async () => {
		const api = createBedrockAdminClient({ url: testEnv().APP_URL, accessToken: 'forged.a.b' });
		const failure = await streamError(api);
		expect(failure).toBeInstanceOf(SignInRequiredError);
		expect((failure as SignInRequiredError).message).toMatch(/sign in again/);
	});

	it('is not raised for other refusals (FORBIDDEN stays FORBIDDEN)', async () => {
		const user = await createTestUser();
		const api = createBedrockAdminClient({ url: testEnv().APP_URL, accessToken: user.accessToken });
		const failure = await api.credentials.list.query().catch((error: unknown) => error);
		expect(failure).not.toBeInstanceOf(SignInRequiredError);
		expect(describeError(failure).code).toBe('FORBIDDEN');
	});
});
