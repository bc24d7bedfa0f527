/**
 * The two route trees that render the same pages: the admin dashboard
 * (`/admin/supabase-bedrock/...`) and every signed-in user's self-service area (`/bedrock/...`).
 *
 * Page bodies live in `$lib/features/*` and never spell a route: they ask the area they are
 * rendered in for its links (`areaLinks()`), which the area's shell puts in context. So a link
 * on `/bedrock/models` stays in `/bedrock`, and the admin tree adds its admin-only parts on top.
 */
import { getContext, setContext } from 'svelte';
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

export type Area = 'admin' | 'self';

export interface AreaLinks {
	area: Area;
	/** Shown above the sidebar, e.g. "Supabase · Bedrock". */
	title: string;
	overview: ResolvedPathname;
	credentials: ResolvedPathname;
	connection: ResolvedPathname;
	models: ResolvedPathname;
	code: ResolvedPathname;
	/** The playground, where this area has one. */
	playground?: ResolvedPathname;
	/** The playground with a model chosen (`?model=<id>`), where this area has one. */
	playgroundWith?(modelId: string): ResolvedPathname;
	/** Usage, cost and budgets, and its CSV download. */
	usage: ResolvedPathname;
	usageExport: ResolvedPathname;
	/** Admin only: all users and the audit log. */
	users?: ResolvedPathname;
	/** Admin only: provisioned throughput in the admin's own account. */
	provisioned?: ResolvedPathname;
	audit?: ResolvedPathname;
	/** The catalog with a query string (`?…` or ''). */
	catalog(search: string): ResolvedPathname;
	/** A model's details page (with the catalog's query string, so Back returns to the same view). */
	model(modelId: string, search: string): ResolvedPathname;
}

type Search = `?${string}`;
const asSearch = (search: string) => search as Search;
const modelQuery = (modelId: string) => `?${new URLSearchParams({ model: modelId })}`;

function adminLinks(): AreaLinks {
	return {
		area: 'admin',
		title: 'Supabase · Bedrock',
		overview: resolve('/admin/supabase-bedrock'),
		credentials: resolve('/admin/supabase-bedrock/credentials'),
		connection: resolve('/admin/supabase-bedrock/connection'),
		models: resolve('/admin/supabase-bedrock/models'),
		code: resolve('/admin/supabase-bedrock/code'),
		playground: resolve('/admin/supabase-bedrock/playground'),
		playgroundWith: (modelId) =>
			resolve(`/admin/supabase-bedrock/playground${asSearch(modelQuery(modelId))}`),
		usage: resolve('/admin/supabase-bedrock/usage'),
		usageExport: resolve('/admin/supabase-bedrock/usage/export.csv'),
		users: resolve('/admin/supabase-bedrock/users'),
		provisioned: resolve('/admin/supabase-bedrock/provisioned'),
		audit: resolve('/admin/supabase-bedrock/users/audit'),
		catalog: (search) =>
			search
				? resolve(`/admin/supabase-bedrock/models${asSearch(search)}`)
				: resolve('/admin/supabase-bedrock/models'),
		model: (modelId, search) => {
			const params = { modelId: encodeURIComponent(modelId) };
			return search
				? resolve(`/admin/supabase-bedrock/models/[modelId]${asSearch(search)}`, params)
				: resolve('/admin/supabase-bedrock/models/[modelId]', params);
		}
	};
}

function selfLinks(): AreaLinks {
	return {
		area: 'self',
		title: 'Your Bedrock',
		overview: resolve('/bedrock'),
		credentials: resolve('/bedrock/credentials'),
		connection: resolve('/bedrock/connection'),
		models: resolve('/bedrock/models'),
		code: resolve('/bedrock/code'),
		playground: resolve('/bedrock/playground'),
		playgroundWith: (modelId) => resolve(`/bedrock/playground${asSearch(modelQuery(modelId))}`),
		usage: resolve('/bedrock/usage'),
		usageExport: resolve('/bedrock/usage/export.csv'),
		catalog: (search) =>
			search ? resolve(`/bedrock/models${asSearch(search)}`) : resolve('/bedrock/models'),
		model: (modelId, search) => {
			const params = { modelId: encodeURIComponent(modelId) };
			return search
				? resolve(`/bedrock/models/[modelId]${asSearch(search)}`, params)
				: resolve('/bedrock/models/[modelId]', params);
		}
	};
}

export function linksFor(area: Area): AreaLinks {
	return area === 'admin' ? adminLinks() : selfLinks();
}

const KEY = Symbol('area');

/** Called once by the area's shell (its +layout.svelte). */
export function provideArea(area: Area): AreaLinks {
	return setContext(KEY, linksFor(area));
}

/** The links of the area the current page is rendered in. */
export function areaLinks(): AreaLinks {
	const links = getContext<AreaLinks | undefined>(KEY);
	if (!links) throw new Error('areaLinks() used outside an area shell (+layout.svelte)');
	return links;
}

/** Route ids under a shell: there the skip link targets the content column, not the sidebar. */
export function isAreaRoute(routeId: string | null | undefined): boolean {
	return Boolean(
		routeId &&
		(routeId === '/bedrock' ||
			routeId.startsWith('/bedrock/') ||
			routeId === '/admin/supabase-bedrock' ||
			routeId.startsWith('/admin/supabase-bedrock/'))
	);
}
