import type { RequestEvent } from '@sveltejs/kit';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import { apiFilters, usageFiltersFromQuery } from './usage-query';

/** The page's filters (from the URL) as a CSV download, through usage.export as the caller. */
export async function usageCsvResponse(event: RequestEvent, isAdmin: boolean): Promise<Response> {
	const api = await createServerCaller(event);
	const query = apiFilters(usageFiltersFromQuery(event.url.searchParams), isAdmin);
	const out = await api.usage.export(query).catch(throwAsPageError);
	return new Response(out.csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${out.filename}"`,
			'cache-control': 'no-store'
		}
	});
}
