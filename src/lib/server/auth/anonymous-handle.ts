/**
 * The `refuseAnonymousUsers` handle: a Supabase anonymous sign-in (`is_anonymous: true`) gets a
 * 401 from the API that says why, instead of the generic "Please sign in" (its token is valid,
 * so a client would not know what is wrong). Pages treat such a visitor as signed out.
 */
import type { Handle } from '@sveltejs/kit';

const API_ROUTE = '/api/trpc/[...trpc]';

export const ANONYMOUS_REFUSED_MESSAGE =
	'Anonymous sign-ins are not accepted: sign in with an email address and password.';

export const refuseAnonymousUsers: Handle = async ({ event, resolve }) => {
	if (event.route.id !== API_ROUTE) return resolve(event);
	const result = await event.locals.safeGetSession();
	if (result.user || result.refusal !== 'anonymous_user') return resolve(event);
	const body = {
		error: {
			message: ANONYMOUS_REFUSED_MESSAGE,
			code: -32001,
			data: { code: 'UNAUTHORIZED', httpStatus: 401, reason: 'ANONYMOUS_USER' }
		}
	};
	return new Response(JSON.stringify(body), {
		status: 401,
		headers: { 'content-type': 'application/json' }
	});
};
