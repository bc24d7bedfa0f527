/**
 * The client for the app's own pages: same origin, authenticated by the session cookie
 * (sent automatically), so no token handling in the browser. Subscriptions use the
 * browser's EventSource, which sends same-origin cookies too.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '../server/trpc/root';

export function createBrowserTrpcClient(fetchImpl?: typeof globalThis.fetch) {
	return createTRPCClient<AppRouter>({
		links: [
			splitLink({
				condition: (op) => op.type === 'subscription',
				true: httpSubscriptionLink({ url: '/api/trpc' }),
				// The server's default LIMIT_BATCH_SIZE: larger batches would be refused whole.
				false: httpBatchLink({ url: '/api/trpc', fetch: fetchImpl, maxItems: 10 })
			})
		]
	});
}

let shared: ReturnType<typeof createBrowserTrpcClient> | undefined;

/** One client per page load in the browser. */
export function browserTrpc() {
	shared ??= createBrowserTrpcClient();
	return shared;
}
