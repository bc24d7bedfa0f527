import { requireAdmin } from '$lib/server/auth/guards';
import { loadCodePage, tokenAction } from '$lib/features/code/load.server';
import type { Actions, PageServerLoad } from './$types';

// Admins only: the authGuard handle and /admin/+layout.server.ts refuse others too; each
// page checks again so no load ever runs for a non-admin.
export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	return loadCodePage(event);
};

export const actions: Actions = {
	token: async (event) => {
		requireAdmin(event.locals);
		return tokenAction(event);
	}
};
