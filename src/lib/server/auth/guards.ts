/**
 * Who may open which pages. Used by the `authGuard` handle (the gate) and by admin
 * loads (which render the 403 page through `+error.svelte`, something a handle cannot do).
 */
import { error } from '@sveltejs/kit';

export const ADMIN_PATH_PREFIX = '/admin';

export function isAdminPath(pathname: string): boolean {
	return pathname === ADMIN_PATH_PREFIX || pathname.startsWith(`${ADMIN_PATH_PREFIX}/`);
}

/** Every signed-in user's own area (their credentials, connection test, models, code). */
export const SELF_SERVICE_PATH_PREFIX = '/bedrock';

export function isSelfServicePath(pathname: string): boolean {
	return (
		pathname === SELF_SERVICE_PATH_PREFIX || pathname.startsWith(`${SELF_SERVICE_PATH_PREFIX}/`)
	);
}

/** Pages that send anonymous visitors to the sign-in form (and back afterwards). */
export function needsSignIn(pathname: string): boolean {
	return isAdminPath(pathname) || isSelfServicePath(pathname);
}

/** Where sign-in lands: admins in the dashboard, everyone else in their own area. */
export const ADMIN_HOME = '/admin/supabase-bedrock';
export const USER_HOME = SELF_SERVICE_PATH_PREFIX;
export const homeFor = (isAdmin: boolean) => (isAdmin ? ADMIN_HOME : USER_HOME);

export const FORBIDDEN_MESSAGE =
	'This area is for administrators. Your account is signed in but does not have the admin role.';

/** Throws SvelteKit's 401 unless someone is signed in. */
export function requireUser(locals: Pick<App.Locals, 'user'>): void {
	if (!locals.user) error(401, { message: 'Please sign in to continue.', code: 'UNAUTHORIZED' });
}

/** Throws SvelteKit's 403 unless the caller is an admin. */
export function requireAdmin(locals: Pick<App.Locals, 'user' | 'isAdmin'>): void {
	requireUser(locals);
	if (!locals.isAdmin) error(403, { message: FORBIDDEN_MESSAGE, code: 'FORBIDDEN' });
}
