/**
 * The server's Supabase client calls the auth server while a request waits (refreshing an
 * expired session cookie, signing in and out). A hung auth server must not hold requests
 * forever, so every such call gets a deadline (AUTH_TIMEOUT_MS, default 5 s); the caller's own
 * signal still applies.
 *
 * With a breaker, a dead auth server costs one quick refusal instead of a deadline per request:
 * timeouts, refused connections and 5xx answers count as faults. supabase-js turns the refusal
 * into an AuthRetryableFetchError, which sign-in shows as "the sign-in service is unavailable".
 * Tokens keep working meanwhile: they are verified locally against the cached JWKS.
 */
import { resilienceConfig } from '../resilience/config';
import type { CircuitBreaker } from '../resilience/breaker';

export function fetchWithTimeout(timeoutMs?: number, breaker?: CircuitBreaker): typeof fetch {
	return async (input, init) => {
		const deadline = AbortSignal.timeout(timeoutMs ?? resilienceConfig().AUTH_TIMEOUT_MS);
		const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
		if (!breaker) return fetch(input, { ...init, signal });
		breaker.admit();
		try {
			const response = await fetch(input, { ...init, signal });
			if (response.status >= 500) breaker.failure();
			else breaker.success();
			return response;
		} catch (err) {
			// The caller hanging up says nothing about the auth server.
			if (init?.signal?.aborted) breaker.success();
			else breaker.failure();
			throw err;
		}
	};
}
