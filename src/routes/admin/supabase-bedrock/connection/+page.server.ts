import { requireAdmin } from '$lib/server/auth/guards';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	const api = await createServerCaller(event);
	const [credentials, lastTest] = await Promise.all([
		api.credentials.get(),
		api.connection.last()
	]).catch(throwAsPageError);
	return { credentials, lastTest };
};
