/**
 * `createBedrockAdminClient`: the typed tRPC client for programs (Node 20+, Bun, Deno,
 * browsers). Queries and mutations go in batched HTTP requests; streams
 * (`invoke.converseStream`) use server-sent events. Both carry
 * `Authorization: Bearer <Supabase access token>`, read again for every request.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from './app-router.js';
import { accessTokenReader, type AccessTokenOption } from './access-token.js';
import { NonReconnectingEventSource } from './event-source.js';
import { signInRequiredLink } from './sign-in-required.js';

export type BedrockAdminClientOptions = AccessTokenOption & {
	/** The app's origin, e.g. `https://admin.example.com`, or the full `/api/trpc` URL. */
	url: string;
	/** A fetch to use instead of the global one (tests, proxies, custom agents). */
	fetch?: typeof globalThis.fetch;
};

/** The server's default LIMIT_BATCH_SIZE: a larger batch would be refused whole. */
const MAX_BATCH_SIZE = 10;

export function createBedrockAdminClient(options: BedrockAdminClientOptions) {
	const url = trpcEndpoint(options.url);
	const readToken = accessTokenReader(options);
	const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	const authHeaders = async () => ({ authorization: `Bearer ${await readToken()}` });

	return createTRPCClient<AppRouter>({
		links: [
			signInRequiredLink,
			splitLink({
				condition: (op) => op.type === 'subscription',
				true: httpSubscriptionLink({
					url,
					EventSource: NonReconnectingEventSource,
					// Called for each stream: the token is read when the stream starts.
					eventSourceOptions: async () => {
						const { authorization } = await authHeaders();
						return {
							fetch: (input: string | URL | Request, init?: RequestInit) => {
								const headers = new Headers(init?.headers);
								headers.set('authorization', authorization);
								return baseFetch(input, { ...init, headers });
							}
						};
					}
				}),
				false: httpBatchLink({
					url,
					headers: authHeaders,
					fetch: baseFetch,
					maxItems: MAX_BATCH_SIZE
				})
			})
		]
	});
}

export type BedrockAdminClient = ReturnType<typeof createBedrockAdminClient>;

function trpcEndpoint(url: string): string {
	const trimmed = url.replace(/\/+$/, '');
	return trimmed.endsWith('/api/trpc') ? trimmed : `${trimmed}/api/trpc`;
}
