/**
 * The tRPC endpoint (`/api/trpc`). Authentication already happened in the hooks
 * (cookie or bearer token); this file only adapts SvelteKit's request to tRPC.
 */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { RequestHandler } from './$types';
import { oversizedBatchResponse } from '$lib/server/limits/batch-size';
import { limitsFromEnv } from '$lib/server/limits/config';
import { retryAfterHeader } from '$lib/server/limits/retry-after';
import { createContext } from '$lib/server/trpc/context';
import { appRouter } from '$lib/server/trpc/root';

const ENDPOINT = '/api/trpc';

const handle: RequestHandler = (event) => {
	const { batchSize } = limitsFromEnv();
	// LIMIT_BATCH_SIZE: an oversized batch is refused whole, before any of its calls runs.
	const oversized = oversizedBatchResponse(event.url, ENDPOINT, batchSize);
	if (oversized) return oversized;
	return fetchRequestHandler({
		endpoint: ENDPOINT,
		req: event.request,
		router: appRouter,
		maxBatchSize: batchSize,
		createContext: () => createContext(event),
		responseMeta: ({ errors }) => retryAfterHeader(errors),
		onError: ({ error, path, type }) => {
			// Client errors (bad input, not signed in, forbidden) are answers, not incidents.
			// For the rest, log the error's name and the procedure only: messages and inputs
			// can carry credentials.
			if (getHTTPStatusCodeFromError(error) >= 500) {
				const cause = error.cause;
				console.error(
					`[trpc] ${type} ${path ?? '?'} failed: ${error.code}${cause ? ` (${cause.name})` : ''}`
				);
			}
		}
	});
};

export const GET = handle;
export const POST = handle;
