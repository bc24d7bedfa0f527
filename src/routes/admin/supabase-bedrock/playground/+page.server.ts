import { requireAdmin } from '$lib/server/auth/guards';
import { loadPlaygroundPage } from '$lib/features/playground/load.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	// Admins also invoke their provisioned throughputs (provisioned.* is admin-only).
	return loadPlaygroundPage(event, { withProvisioned: true });
};
