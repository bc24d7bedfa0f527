import { auditFiltersFromQuery } from '$lib/schemas/audit';
import { requireAdmin } from '$lib/server/auth/guards';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	const api = await createServerCaller(event);
	const filters = auditFiltersFromQuery(event.url.searchParams);
	const [audit, users] = await Promise.all([api.audit.list(filters), api.credentials.list()]).catch(
		throwAsPageError
	);
	return {
		filters,
		audit,
		// Only what the user filter needs.
		people: users.map((u) => ({ id: u.userId, email: u.email ?? u.userId }))
	};
};
