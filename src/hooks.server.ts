/**
 * Request pipeline: `setSecurityHeaders` (on every answer), `retryAfterOnUnavailable` (every 503
 * says when to try again), `overloadGuard` (is there room? are
 * we shutting down?), `refuseCrossSiteApiCalls` (the API with the session cookie only from the
 * app's own pages), `supabase` (who is this? cookie or bearer token), `refuseAnonymousUsers`
 * (accounts only) then `authGuard` (may they open this page?). No business logic here:
 * procedures and RLS do the rest. `init` installs the graceful SIGTERM shutdown.
 */
import {
	error,
	redirect,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { createServerClient } from '@supabase/ssr';
import type { SupabaseClient } from '@supabase/supabase-js';
import { dev } from '$app/environment';
import { refuseAnonymousUsers } from '$lib/server/auth/anonymous-handle';
import {
	verifyAppAccessToken,
	verifyAppAccessTokenAllowingExpiry
} from '$lib/server/auth/app-verifier';
import { storedSessionFromCookies } from '$lib/server/auth/stored-session';
import { isAdminPath, needsSignIn, FORBIDDEN_MESSAGE } from '$lib/server/auth/guards';
import { fetchWithTimeout } from '$lib/server/auth/fetch-with-timeout';
import { RealtimeNotUsedOnServer } from '$lib/server/auth/no-realtime';
import { breakerFor } from '$lib/server/resilience/breakers';
import { overloadGuard } from '$lib/server/resilience/overload';
import { retryAfterOnUnavailable } from '$lib/server/resilience/unavailable-retry-after';
import { installGracefulShutdown } from '$lib/server/resilience/shutdown';
import { createSafeGetSession } from '$lib/server/auth/session';
import { serverEnv } from '$lib/server/env';
import { GENERIC_INTERNAL_MESSAGE } from '$lib/server/errors';
import { refuseCrossSiteApiCalls } from '$lib/server/http/cross-site-handle';
import { setSecurityHeaders } from '$lib/server/http/security-headers';

const authFetch = fetchWithTimeout(undefined, breakerFor('auth'));

/** Start-up: the whole environment (keyring included) is checked before the first request. */
export const init: ServerInit = () => {
	serverEnv();
	installGracefulShutdown();
};

const supabase: Handle = async ({ event, resolve }) => {
	const env = serverEnv();
	const headersAlreadySet = new Set<string>();

	// Built on first use only: a bearer request (programs) never reads the session cookie, and
	// building the client costs more than the rest of a warm API call's server work.
	let client: SupabaseClient | undefined;
	const cookieClient = () =>
		(client ??= createServerClient(env.PUBLIC_SUPABASE_URL, env.PUBLIC_SUPABASE_ANON_KEY, {
			// No browser Supabase client reads these cookies, so scripts need not see them.
			realtime: { transport: RealtimeNotUsedOnServer },
			global: { fetch: authFetch },
			// Secure outside `vite dev`, whatever the request URL says: behind a TLS proxy without
			// ORIGIN the app sees http and would otherwise send the session cookie without Secure.
			cookieOptions: { httpOnly: true, secure: !dev, sameSite: 'lax' },
			cookies: {
				getAll: () => event.cookies.getAll(),
				setAll: (cookiesToSet, headers) => {
					for (const { name, value, options } of cookiesToSet) {
						event.cookies.set(name, value, { ...options, path: '/' });
					}
					// Cache-Control/Expires/Pragma: a response that sets a session cookie must never
					// be cached and served to someone else. setHeaders throws on a repeated name.
					const fresh = Object.entries(headers ?? {}).filter(
						([name]) => !headersAlreadySet.has(name.toLowerCase())
					);
					for (const [name] of fresh) headersAlreadySet.add(name.toLowerCase());
					if (fresh.length > 0) event.setHeaders(Object.fromEntries(fresh));
				}
			}
		}));
	Object.defineProperty(event.locals, 'supabase', { get: cookieClient, enumerable: true });

	event.locals.safeGetSession = createSafeGetSession({
		supabase: {
			get auth() {
				return cookieClient().auth;
			}
		},
		authorizationHeader: event.request.headers.get('authorization'),
		verify: verifyAppAccessToken,
		storedSession: () => storedSessionFromCookies(event.cookies.getAll()),
		verifyAllowingExpiry: verifyAppAccessTokenAllowingExpiry
	});

	return resolve(event, {
		filterSerializedResponseHeaders: (name) =>
			name === 'content-range' || name === 'x-supabase-api-version'
	});
};

const authGuard: Handle = async ({ event, resolve }) => {
	const { session, user, claims } = await event.locals.safeGetSession();
	event.locals.session = session;
	event.locals.user = user;
	event.locals.claims = claims;
	event.locals.isAdmin = user?.isAdmin ?? false;

	if (needsSignIn(event.url.pathname) && !user) {
		const back = `${event.url.pathname}${event.url.search}`;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	if (isAdminPath(event.url.pathname)) {
		// Page renders continue so `/admin/+layout.server.ts` can throw the 403 that
		// `+error.svelte` renders (a handle can only produce the bare fallback page);
		// everything else (form actions, endpoints) is refused here.
		if (!event.locals.isAdmin && !isPageRender(event)) {
			error(403, { message: FORBIDDEN_MESSAGE, code: 'FORBIDDEN' });
		}
	}

	return resolve(event);
};

function isPageRender(event: Parameters<Handle>[0]['event']): boolean {
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') return false;
	if (event.isDataRequest) return true;
	return (event.request.headers.get('accept') ?? '').includes('text/html');
}

export const handle = sequence(
	setSecurityHeaders,
	retryAfterOnUnavailable,
	overloadGuard,
	refuseCrossSiteApiCalls,
	supabase,
	refuseAnonymousUsers,
	authGuard
);

/** Unexpected errors: log them server-side, show a generic message (no internals, no secrets). */
export const handleError: HandleServerError = ({ error: err, status, message }) => {
	if (status >= 500) {
		console.error(
			'[unexpected]',
			err instanceof Error ? `${err.name}: ${err.message}` : 'non-Error thrown'
		);
	}
	if (status >= 500) return { message: GENERIC_INTERNAL_MESSAGE, code: 'INTERNAL' };
	return { message, code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST' };
};
