import { requireUser } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

// The authGuard handle already sends anonymous visitors to /login; this renders a 401 through
// +error.svelte should one get here some other way.
export const load: LayoutServerLoad = async ({ locals }) => {
	requireUser(locals);
	return {};
};
