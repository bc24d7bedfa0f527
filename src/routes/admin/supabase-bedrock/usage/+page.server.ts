import { requireAdmin } from '$lib/server/auth/guards';
import { loadUsagePage } from '$lib/features/usage/load.server';
import type { PageServerLoad } from './$types';

// Admins: everyone's usage (or one user's), every user's budget.
export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	return loadUsagePage(event, true);
};
