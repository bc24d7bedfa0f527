import type { RequestEvent } from '@sveltejs/kit';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import { apiFilters, usageFiltersFromQuery } from './usage-query';

/**
 * The usage page: the filtered figures by day, model and operation (and user, for admins), the
 * first page of the ledger, and budgets (the caller's own; for admins every user's).
 */
export async function loadUsagePage(event: RequestEvent, isAdmin: boolean) {
	const api = await createServerCaller(event);
	const filters = usageFiltersFromQuery(event.url.searchParams);
	const query = apiFilters(filters, isAdmin);
	const [byDay, byModel, byOperation, byUser, ledger, budget, budgets] = await Promise.all([
		api.usage.summary({ ...query, groupBy: 'day' }),
		api.usage.summary({ ...query, groupBy: 'model' }),
		api.usage.summary({ ...query, groupBy: 'operation' }),
		isAdmin ? api.usage.summary({ ...query, groupBy: 'user' }) : null,
		api.usage.list(query),
		api.budgets.get(),
		isAdmin ? api.budgets.list() : null
	]).catch(throwAsPageError);
	return { filters, query, byDay, byModel, byOperation, byUser, ledger, budget, budgets };
}
export type UsagePageData = Awaited<ReturnType<typeof loadUsagePage>>;
