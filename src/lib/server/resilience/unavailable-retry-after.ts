/**
 * Every 503 says when to try again. The overload guard, the shutdown and the model calls set
 * their own `Retry-After`; a dependency that did not answer in time (the database's deadline, an
 * open circuit) reaches the client as a 503 from a page or a procedure that has no better figure,
 * so it gets DEPENDENCY_RETRY_AFTER_SECONDS (the database's default wait for a connection).
 * Clients that honour the header then back off instead of asking again at once, into the same
 * outage (the soak in `npm run faults` found page 503s without it).
 */
import type { Handle } from '@sveltejs/kit';

export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

export const retryAfterOnUnavailable: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (response.status === 503 && !response.headers.has('retry-after')) {
		try {
			response.headers.set('retry-after', String(DEPENDENCY_RETRY_AFTER_SECONDS));
		} catch {
			// Immutable headers (a fetched Response passed through): leave them as they are.
		}
	}
	return response;
};
