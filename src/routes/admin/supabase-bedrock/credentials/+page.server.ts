import { requireAdmin } from '$lib/server/auth/guards';
import { loadCredentialsPage } from '$lib/features/credentials/load.server';
import type { PageServerLoad } from './$types';

// Admins only: the authGuard handle and /admin/+layout.server.ts refuse others too; each
// page checks again so no load ever runs for a non-admin.
export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	return loadCredentialsPage(event);
};
