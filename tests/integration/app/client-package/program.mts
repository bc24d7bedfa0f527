/**
 * A program outside the repository, as a team would write it: installed `@bedrock-admin/client`
 * and supabase-js, nothing else. tests/integration/app/client-package.test.ts copies it into a
 * fresh temporary project, type-checks it (the `@ts-expect-error` lines must be type errors)
 * and runs it against the test stack. It prints one JSON line with what it saw.
 */
import { createClient } from '@supabase/supabase-js';
import {
	createBedrockAdminClient,
	describeError,
	SignInRequiredError,
	type RouterInputs,
	type RouterOutputs
} from '@bedrock-admin/client';

const env = JSON.parse(process.env.PROGRAM_ENV ?? '{}') as Record<string, string>;

/** supabase-js builds a realtime client eagerly; Node 20 has no WebSocket, and none is needed. */
class NoRealtime {
	constructor() {
		throw new Error('realtime is not used');
	}
}

const supabase = createClient(env.SUPABASE_URL!, env.SUPABASE_ANON_KEY!, {
	auth: { persistSession: false, autoRefreshToken: false },
	realtime: { transport: NoRealtime as unknown as typeof WebSocket }
});
const signedIn = await supabase.auth.signInWithPassword({
	email: env.EMAIL!,
	password: env.PASSWORD!
});
if (signedIn.error) throw new Error(`sign-in failed: ${signedIn.error.message}`);

const api = createBedrockAdminClient({ url: env.APP_URL!, supabase });

const keys: RouterInputs['credentials']['save'] = {
	accessKeyId: env.ACCESS_KEY_ID!,
	secretAccessKey: env.SECRET_ACCESS_KEY!,
	region: 'us-east-1'
};
const saved = await api.credentials.save.mutate(keys);
const test = await api.connection.test.mutate({ includeInvocation: false });
const list: RouterOutputs['models']['list'] = await api.models.list.query({
	outputModality: 'TEXT',
	streaming: true
});

const converse: RouterInputs['invoke']['converseStream'] = {
	modelId: 'amazon.titan-text-lite-v1',
	messages: [{ role: 'user', content: 'Say hello' }],
	inferenceConfig: { maxTokens: 20 }
};
const events = await new Promise<string[]>((resolve, reject) => {
	const types: string[] = [];
	api.invoke.converseStream.subscribe(converse, {
		onData: (event) => {
			types.push(event.type);
			if (event.type === 'delta') process.stderr.write(event.text);
		},
		onError: reject,
		onComplete: () => resolve(types)
	});
});

// Bad input gets the zod field errors through the error helper.
const refused = await api.credentials.save
	.mutate({ ...keys, accessKeyId: 'not-a-key-id' })
	.catch((error: unknown) => describeError(error));

// A token the server refuses: the typed sign-in error.
const stale = createBedrockAdminClient({ url: env.APP_URL!, accessToken: 'expired.or.forged' });
const signInAgain = await stale.me.get.query().catch((error: unknown) => error);

console.log(
	JSON.stringify({
		resolved: {
			client: import.meta.resolve('@bedrock-admin/client'),
			trpc: import.meta.resolve('@trpc/client')
		},
		saved: saved.accessKeyIdMasked,
		connection: test.status,
		models: list.models.length,
		usingFallback: list.usingFallback,
		events,
		refused,
		signInRequired: signInAgain instanceof SignInRequiredError,
		signInMessage: describeError(signInAgain).message
	})
);

// Wrong inputs and outputs must not type-check: each line below is a type error, and tsc
// fails on an `@ts-expect-error` that has none.
export function typeErrors(client: typeof api, output: RouterOutputs['invoke']['converse']) {
	// @ts-expect-error accessKeyId is required
	void client.credentials.save.mutate({ secretAccessKey: 'x', region: 'us-east-1' });
	// @ts-expect-error streaming is a boolean
	void client.models.list.query({ streaming: 'yes' });
	// @ts-expect-error a message's content is a string
	void client.invoke.converse.mutate({ modelId: 'm', messages: [{ role: 'user', content: 1 }] });
	// @ts-expect-error there is no such procedure
	void client.models.remove;
	// @ts-expect-error `text` is a string
	const text: number = output.text;
	// @ts-expect-error a token option is required
	createBedrockAdminClient({ url: 'http://127.0.0.1' });
	return text;
}
