import { requireAdmin } from '$lib/server/auth/guards';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	const api = await createServerCaller(event);
	const [users, lastTests] = await Promise.all([
		api.credentials.list(),
		api.connection.lastForAll()
	]).catch(throwAsPageError);
	const lastTestOf = new Map(lastTests.map((test) => [test.userId, test]));
	return {
		users: users.map((user) => ({ ...user, lastTest: lastTestOf.get(user.userId) ?? null })),
		// "Tested 5 min ago" is measured from here, so the server render and the browser agree.
		now: new Date().toISOString()
	};
};
