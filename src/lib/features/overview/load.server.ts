import type { RequestEvent } from '@sveltejs/kit';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';

/** The overview of either area: who, own credentials, last test, budget, and a catalog summary. */
export async function loadOverview(event: RequestEvent) {
	const api = await createServerCaller(event);
	const [me, credentials, lastTest, catalog, budget] = await Promise.all([
		api.me.get(),
		api.credentials.get(),
		api.connection.last(),
		api.models.list({}),
		api.budgets.get()
	]).catch(throwAsPageError);
	return {
		me,
		/** The caller's own monthly budget (what is left of it). */
		budget,
		credentials,
		lastTest,
		// Only the summary: the overview links to the catalog, it does not list it.
		catalog: {
			count: catalog.models.length,
			region: catalog.region,
			usingFallback: catalog.usingFallback,
			reason: catalog.reason,
			awsError: catalog.awsError,
			hint: catalog.hint
		}
	};
}
export type OverviewData = Awaited<ReturnType<typeof loadOverview>>;
