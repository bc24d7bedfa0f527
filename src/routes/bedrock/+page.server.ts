import { requireUser } from '$lib/server/auth/guards';
import { loadOverview } from '$lib/features/overview/load.server';
import type { PageServerLoad } from './$types';

// Any signed-in user, for themselves: the authGuard handle sends anonymous visitors to
// /login; each page checks again so no load ever runs without a user.
export const load: PageServerLoad = async (event) => {
	requireUser(event.locals);
	return loadOverview(event);
};
