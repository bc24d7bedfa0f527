import { requireAdmin } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

// The gate is the `authGuard` handle; this renders its 403 through +error.svelte for
// signed-in non-admins (a handle cannot), before any admin page is shown.
export const load: LayoutServerLoad = async ({ locals }) => {
	requireAdmin(locals);
	return {};
};
