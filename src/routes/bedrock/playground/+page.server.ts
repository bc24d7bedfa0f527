import { requireUser } from '$lib/server/auth/guards';
import { loadPlaygroundPage } from '$lib/features/playground/load.server';
import type { PageServerLoad } from './$types';

// Any signed-in user, with their own saved keys (billed to their AWS account).
export const load: PageServerLoad = async (event) => {
	requireUser(event.locals);
	return loadPlaygroundPage(event);
};
