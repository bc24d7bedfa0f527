import { requireAdmin } from '$lib/server/auth/guards';
import { loadModelPage } from '$lib/features/models/model-load.server';
import type { PageServerLoad } from './$types';

// Admins only: the authGuard handle and /admin/+layout.server.ts refuse others too; each
// page checks again so no load ever runs for a non-admin.
export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	return loadModelPage(event, event.params.modelId);
};
