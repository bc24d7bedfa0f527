/**
 * The tRPC endpoint (`/api/trpc`). Authentication already happened in the hooks
 * (cookie or bearer token); this file only adapts SvelteKit's request to tRPC.
 */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { RequestEvent } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { sseEventsAtOnce, uncorkNow } from '$lib/server/http/sse-events-at-once';
import { nodeResponseOf } from '$lib/server/resilience/node-response';
import { oversizedBatchResponse } from '$lib/server/limits/batch-size';
import { limitsFromEnv } from '$lib/server/limits/config';
import { retryAfterHeader } from '$lib/server/limits/retry-after';
import { createContext } from '$lib/server/trpc/context';
import { appRouter } from '$lib/server/trpc/root';

const ENDPOINT = '/api/trpc';

/** Subscriptions (server-sent events): each event sent whole and at once (sse-events-at-once.ts). */
function sendingEventsAtOnce(event: RequestEvent, response: Response): Response {
	if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream'))
		return response;
	const socket = nodeResponseOf(event)?.socket ?? null;
	const body = sseEventsAtOnce(response.body, () => uncorkNow(socket));
	return new Response(body, { status: response.status, headers: response.headers });
}

const handle: RequestHandler = async (event) => {
	const { batchSize } = limitsFromEnv();
	// LIMIT_BATCH_SIZE: an oversized batch is refused whole, before any of its calls runs.
	const oversized = oversizedBatchResponse(event.url, ENDPOINT, batchSize);
	if (oversized) return oversized;
	const response = await fetchRequestHandler({
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
	return sendingEventsAtOnce(event, response);
};

export const GET = handle;
export const POST = handle;
