/**
 * The `refuseCrossSiteApiCalls` handle: `/api/trpc` requests that carry the session cookie must
 * come from the app's own pages (see cross-site.ts for the rule and why). It runs before the
 * session is read, so a refused request neither refreshes a session nor reaches a procedure,
 * and therefore never calls AWS.
 */
import type { Handle } from '@sveltejs/kit';
import { crossSiteRefusal, crossSiteRefusalResponse, hasSessionCookie } from './cross-site';

// By route, not by `url.pathname`: SvelteKit decodes the path before routing, so `/%61pi/trpc`
// reaches the API too.
const API_ROUTE = '/api/trpc/[...trpc]';

export const refuseCrossSiteApiCalls: Handle = ({ event, resolve }) => {
	if (event.route.id !== API_ROUTE) return resolve(event);
	if (!hasSessionCookie(event.cookies.getAll().map((cookie) => cookie.name))) return resolve(event);
	const reason = crossSiteRefusal({
		headers: event.request.headers,
		appOrigin: event.url.origin
	});
	return reason ? crossSiteRefusalResponse(reason) : resolve(event);
};
