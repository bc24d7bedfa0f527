import { requireUser } from '$lib/server/auth/guards';
import { loadCodePage, tokenAction } from '$lib/features/code/load.server';
import type { Actions, PageServerLoad } from './$types';

// Any signed-in user, for themselves: the authGuard handle sends anonymous visitors to
// /login; each page checks again so no load ever runs without a user.
export const load: PageServerLoad = async (event) => {
	requireUser(event.locals);
	return loadCodePage(event);
};

export const actions: Actions = {
	token: async (event) => {
		requireUser(event.locals);
		return tokenAction(event);
	}
};
