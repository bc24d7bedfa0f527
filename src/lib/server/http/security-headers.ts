/**
 * The `setSecurityHeaders` handle: the response headers every answer gets, in one place.
 *
 * - Pages get their Content-Security-Policy from `kit.csp` (svelte.config.js, auto mode: nonces
 *   for SvelteKit's inline scripts, `default-src 'self'`, `frame-ancestors 'none'`). Answers that
 *   are not pages (tRPC JSON, event streams) get `default-src 'none'; frame-ancestors 'none'`:
 *   nothing in them should ever run or be framed.
 * - `X-Content-Type-Options: nosniff` (a JSON answer is never sniffed into HTML),
 *   `Referrer-Policy: same-origin` (page URLs hold model ids and filters; they stay here),
 *   `X-Frame-Options: DENY` for browsers without `frame-ancestors`.
 * - HSTS only over https: sent over plain http it would be ignored, and on a loopback dev server
 *   it would pin `localhost` to https for other projects.
 * - `Cache-Control: private, no-store` on every answer to a signed-in caller: tRPC GETs such as
 *   `credentials.list` hold every user's email, and a shared cache must never keep them.
 */
import type { Handle } from '@sveltejs/kit';

export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";
export const HSTS = 'max-age=63072000; includeSubDomains';
export const AUTHENTICATED_CACHE_CONTROL = 'private, no-store';

export type SecurityHeaderContext = {
	https: boolean;
	authenticated: boolean;
	/** The response already has a policy (SvelteKit's page CSP): keep it. */
	hasCsp: boolean;
};

export function securityHeaders(context: SecurityHeaderContext): Record<string, string> {
	const headers: Record<string, string> = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin',
		'x-frame-options': 'DENY'
	};
	if (!context.hasCsp) headers['content-security-policy'] = NON_PAGE_CSP;
	if (context.https) headers['strict-transport-security'] = HSTS;
	if (context.authenticated) headers['cache-control'] = AUTHENTICATED_CACHE_CONTROL;
	return headers;
}

export const setSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = securityHeaders({
		https: event.url.protocol === 'https:',
		authenticated: Boolean(event.locals.user),
		hasCsp: response.headers.has('content-security-policy')
	});
	try {
		for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
		return response;
	} catch {
		// Some responses (e.g. a proxied fetch) have immutable headers: copy them onto a new one.
		const copy = new Response(response.body, response);
		for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
		return copy;
	}
};
