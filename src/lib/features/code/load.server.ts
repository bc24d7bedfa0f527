import { fail, type RequestEvent } from '@sveltejs/kit';
import { serverEnv } from '$lib/server/env';

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/**
 * "Use from code": the app's URL and the public Supabase settings a program signs in with.
 * The access token itself is NOT part of the page: only its expiry. It is handed out by
 * `tokenAction` when the person asks (and confirms), so it never sits in the HTML.
 */
export async function loadCodePage(event: RequestEvent) {
	const env = serverEnv();
	const session = event.locals.session;
	return {
		appUrl: event.url.origin,
		supabaseUrl: env.PUBLIC_SUPABASE_URL,
		supabaseAnonKey: env.PUBLIC_SUPABASE_ANON_KEY,
		tokenExpiresAt: session ? iso(session.expiresAt) : null
	};
}
export type CodePageData = Awaited<ReturnType<typeof loadCodePage>>;

/** POST ?/token: the caller's own current access token (a form action, so Kit checks the origin). */
export async function tokenAction(event: RequestEvent) {
	const session = event.locals.session;
	if (!session) return fail(401, { message: 'Your session has ended. Sign in again.' });
	event.setHeaders({ 'cache-control': 'no-store' });
	return { accessToken: session.accessToken, expiresAt: iso(session.expiresAt) };
}
