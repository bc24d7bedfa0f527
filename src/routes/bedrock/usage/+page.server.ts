import { requireUser } from '$lib/server/auth/guards';
import { loadUsagePage } from '$lib/features/usage/load.server';
import type { PageServerLoad } from './$types';

// Any signed-in user: their own usage and budget.
export const load: PageServerLoad = async (event) => {
	requireUser(event.locals);
	return loadUsagePage(event, false);
};
