import { requireAdmin } from '$lib/server/auth/guards';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	const api = await createServerCaller(event);
	// Masked view only: the secret and session token never reach a page.
	const credentials = await api.credentials.get().catch(throwAsPageError);
	return { credentials };
};
