import type { RequestEvent } from '@sveltejs/kit';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import { hasFilters, parseCatalogQuery, sortModels, toListInput } from './catalog-query';

/** The catalog, filtered and sorted by the URL's query (see catalog-query.ts). */
export async function loadCatalogPage(event: RequestEvent) {
	const { query, ignored } = parseCatalogQuery(event.url.searchParams);
	const api = await createServerCaller(event);

	// The whole catalog gives the total and the provider choices; both calls hit the 5-minute
	// models cache after the first visit, so filtering costs no extra AWS request.
	const [catalog, filtered] = await Promise.all([
		api.models.list({}),
		hasFilters(query) ? api.models.list(toListInput(query)) : null
	]).catch(throwAsPageError);

	const providers = [...new Set(catalog.models.map((m) => m.providerName))].sort((a, b) =>
		a.localeCompare(b)
	);
	// `?provider=anthropic` selects "Anthropic" (the API compares names case-insensitively).
	const provider = query.provider
		? (providers.find((p) => p.toLowerCase() === query.provider?.toLowerCase()) ?? query.provider)
		: undefined;
	const shown = filtered ?? catalog;

	return {
		query: { ...query, provider },
		ignored,
		models: sortModels(shown.models, query.sort, query.dir),
		total: catalog.models.length,
		providers,
		region: shown.region,
		fallback: shown.usingFallback
			? { reason: shown.reason, awsError: shown.awsError, hint: shown.hint }
			: null
	};
}
export type CatalogPageData = Awaited<ReturnType<typeof loadCatalogPage>>;
