/**
 * The server's Supabase client calls the auth server while a request waits (refreshing an
 * expired session cookie, signing in and out). A hung auth server must not hold requests
 * forever, so every such call gets a deadline; the caller's own signal still applies.
 */
export const AUTH_REQUEST_TIMEOUT_MS = 5_000;

export function fetchWithTimeout(timeoutMs = AUTH_REQUEST_TIMEOUT_MS): typeof fetch {
	return (input, init) => {
		const deadline = AbortSignal.timeout(timeoutMs);
		const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
		return fetch(input, { ...init, signal });
	};
}
