/**
 * Who may open which pages. Used by the `authGuard` handle (the gate) and by admin
 * loads (which render the 403 page through `+error.svelte`, something a handle cannot do).
 */
import { error } from '@sveltejs/kit';

export const ADMIN_PATH_PREFIX = '/admin';

export function isAdminPath(pathname: string): boolean {
	return pathname === ADMIN_PATH_PREFIX || pathname.startsWith(`${ADMIN_PATH_PREFIX}/`);
}

export const FORBIDDEN_MESSAGE =
	'This area is for administrators. Your account is signed in but does not have the admin role.';

/** Throws SvelteKit's 403 unless the caller is an admin. */
export function requireAdmin(locals: Pick<App.Locals, 'user' | 'isAdmin'>): void {
	if (!locals.user) error(401, { message: 'Please sign in to continue.', code: 'UNAUTHORIZED' });
	if (!locals.isAdmin) error(403, { message: FORBIDDEN_MESSAGE, code: 'FORBIDDEN' });
}
