/**
 * The typed client for TypeScript programs (Node 20+, Deno, Bun, browsers):
 *
 *   const api = createBedrockAdminClient({ url: 'http://127.0.0.1:5173', accessToken });
 *   const me = await api.me.get.query();
 *
 * `accessToken` is a Supabase access token (e.g. from `supabase.auth.signInWithPassword`);
 * pass a function to supply a fresh one per request. Queries and mutations go through one
 * batched HTTP request; subscriptions (streaming invocation) use server-sent events with
 * the same bearer header.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '../server/trpc/root';
import { FetchEventSource } from './fetch-event-source';

export type { AppRouter };

export type BedrockAdminClientOptions = {
	/** The app's origin, e.g. `https://admin.example.com`, or the full `/api/trpc` URL. */
	url: string;
	accessToken: string | (() => string | Promise<string>);
	fetch?: typeof globalThis.fetch;
};

export function createBedrockAdminClient(options: BedrockAdminClientOptions) {
	const url = trpcEndpoint(options.url);
	const authHeaders = async () => {
		const token =
			typeof options.accessToken === 'function' ? await options.accessToken() : options.accessToken;
		return { authorization: `Bearer ${token}` };
	};

	return createTRPCClient<AppRouter>({
		links: [
			splitLink({
				condition: (op) => op.type === 'subscription',
				true: httpSubscriptionLink({
					url,
					EventSource: FetchEventSource,
					eventSourceOptions: async () => ({ headers: await authHeaders(), fetch: options.fetch })
				}),
				// The server's default LIMIT_BATCH_SIZE: larger batches would be refused whole.
				false: httpBatchLink({ url, headers: authHeaders, fetch: options.fetch, maxItems: 10 })
			})
		]
	});
}

export type BedrockAdminClient = ReturnType<typeof createBedrockAdminClient>;

function trpcEndpoint(url: string): string {
	const trimmed = url.replace(/\/+$/, '');
	return trimmed.endsWith('/api/trpc') ? trimmed : `${trimmed}/api/trpc`;
}
