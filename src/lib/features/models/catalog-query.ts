/**
 * The catalog's state as a URL query, so a filtered view can be shared, bookmarked and reached
 * with Back. One parser and one serializer, used by the server load (to call `models.list`),
 * the filter form (to navigate) and the details page (to link back to the same view).
 *
 *   ?q=haiku&provider=Anthropic&input=TEXT&output=TEXT&inference=ON_DEMAND&streaming=yes
 *    &legacy=hide&sort=name&dir=desc
 *
 * Defaults are left out of the URL. Values are checked with the API's own schema
 * (`listModelsInput`); a value it refuses is dropped and reported, never a 500.
 */
import type { ResolvedPathname } from '$app/types';
import type { AreaLinks } from '../area/area';
import {
	INFERENCE_TYPES,
	MODALITIES,
	listModelsInput,
	type ListModelsInput,
	type Model
} from '$lib/schemas/models';

export type Modality = (typeof MODALITIES)[number];
export type InferenceType = (typeof INFERENCE_TYPES)[number];

export const SORT_KEYS = ['provider', 'name', 'id'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface CatalogQuery {
	q: string;
	provider?: string;
	input?: Modality;
	output?: Modality;
	inference?: InferenceType;
	streaming?: 'yes' | 'no';
	hideLegacy: boolean;
	sort: SortKey;
	dir: SortDir;
}

export const DEFAULT_QUERY: CatalogQuery = {
	q: '',
	hideLegacy: false,
	sort: 'provider',
	dir: 'asc'
};

/** URL parameter → the `models.list` input field that validates it. */
const API_FIELDS = {
	q: 'search',
	provider: 'provider',
	input: 'inputModality',
	output: 'outputModality',
	inference: 'inferenceType'
} as const satisfies Record<string, keyof ListModelsInput>;
type ApiParam = keyof typeof API_FIELDS;

export interface ParsedCatalogQuery {
	query: CatalogQuery;
	/** One line per refused parameter, e.g. `output=SMELL: outputModality must be one of …`. */
	ignored: string[];
}

export function parseCatalogQuery(params: URLSearchParams): ParsedCatalogQuery {
	const ignored: string[] = [];
	const raw: Record<string, string> = {};
	for (const param of Object.keys(API_FIELDS) as ApiParam[]) {
		const value = params.get(param)?.trim();
		if (value) raw[API_FIELDS[param]] = value;
	}
	let parsed = listModelsInput.safeParse(raw);
	while (!parsed.success) {
		const field = parsed.error.issues[0]?.path[0];
		const param = (Object.keys(API_FIELDS) as ApiParam[]).find((p) => API_FIELDS[p] === field);
		if (!param) return { query: { ...DEFAULT_QUERY }, ignored: ['The query could not be read.'] };
		const message = parsed.error.issues[0]?.message.replace(API_FIELDS[param], param);
		ignored.push(`${param}=${params.get(param)}: ${message}`);
		delete raw[API_FIELDS[param]];
		parsed = listModelsInput.safeParse(raw);
	}
	const api = parsed.data;

	const query: CatalogQuery = { ...DEFAULT_QUERY, q: api.search ?? '' };
	if (api.provider) query.provider = api.provider;
	if (api.inputModality) query.input = api.inputModality;
	if (api.outputModality) query.output = api.outputModality;
	if (api.inferenceType) query.inference = api.inferenceType;

	const streaming = params.get('streaming');
	if (streaming === 'yes' || streaming === 'no') query.streaming = streaming;
	else if (streaming) ignored.push(`streaming=${streaming}: use yes or no`);

	const legacy = params.get('legacy');
	if (legacy === 'hide') query.hideLegacy = true;
	else if (legacy)
		ignored.push(`legacy=${legacy}: use hide, or leave it out to show legacy models`);

	const sort = params.get('sort');
	if (sort && (SORT_KEYS as readonly string[]).includes(sort)) query.sort = sort as SortKey;
	else if (sort) ignored.push(`sort=${sort}: use ${SORT_KEYS.join(', ')}`);
	if (params.get('dir') === 'desc') query.dir = 'desc';

	return { query, ignored };
}

/** `?…` for a query (with `changes` applied), or '' when everything is at its default. */
export function catalogSearch(query: CatalogQuery, changes: Partial<CatalogQuery> = {}): string {
	const next = { ...query, ...changes };
	const params = new URLSearchParams();
	if (next.q.trim()) params.set('q', next.q.trim());
	if (next.provider) params.set('provider', next.provider);
	if (next.input) params.set('input', next.input);
	if (next.output) params.set('output', next.output);
	if (next.inference) params.set('inference', next.inference);
	if (next.streaming) params.set('streaming', next.streaming);
	if (next.hideLegacy) params.set('legacy', 'hide');
	if (next.sort !== DEFAULT_QUERY.sort) params.set('sort', next.sort);
	if (next.dir !== DEFAULT_QUERY.dir) params.set('dir', next.dir);
	const search = params.toString();
	return search ? `?${search}` : '';
}

/** The catalog URL (in the current area) for a query, e.g. `…/models?provider=Anthropic`. */
export function catalogHref(
	links: Pick<AreaLinks, 'catalog'>,
	query: CatalogQuery,
	changes: Partial<CatalogQuery> = {}
): ResolvedPathname {
	return links.catalog(catalogSearch(query, changes));
}

/** A model's details page, carrying the catalog's query so its back link returns to this view. */
export function modelHref(
	links: Pick<AreaLinks, 'model'>,
	modelId: string,
	query: CatalogQuery
): ResolvedPathname {
	return links.model(modelId, catalogSearch(query));
}

/** True when any filter (not just the sort order) narrows the list. */
export function hasFilters(query: CatalogQuery): boolean {
	return Boolean(
		query.q.trim() ||
		query.provider ||
		query.input ||
		query.output ||
		query.inference ||
		query.streaming ||
		query.hideLegacy
	);
}

/** The `models.list` input for a query: AWS-side filters plus the ones the server applies. */
export function toListInput(query: CatalogQuery): ListModelsInput {
	return {
		...(query.q.trim() ? { search: query.q.trim() } : {}),
		...(query.provider ? { provider: query.provider } : {}),
		...(query.input ? { inputModality: query.input } : {}),
		...(query.output ? { outputModality: query.output } : {}),
		...(query.inference ? { inferenceType: query.inference } : {}),
		...(query.streaming ? { streaming: query.streaming === 'yes' } : {}),
		...(query.hideLegacy ? { lifecycle: 'ACTIVE' as const } : {})
	};
}

const SORT_FIELDS: Record<SortKey, (m: Model) => string[]> = {
	provider: (m) => [m.providerName, m.modelName, m.modelId],
	name: (m) => [m.modelName, m.providerName, m.modelId],
	id: (m) => [m.modelId]
};

export function sortModels(models: readonly Model[], sort: SortKey, dir: SortDir): Model[] {
	const fields = SORT_FIELDS[sort];
	const sign = dir === 'desc' ? -1 : 1;
	return [...models].sort((a, b) => {
		const fa = fields(a);
		const fb = fields(b);
		for (let i = 0; i < fa.length; i++) {
			const order = (fa[i] ?? '').localeCompare(fb[i] ?? '', 'en', {
				sensitivity: 'base',
				numeric: true
			});
			if (order !== 0) return sign * order;
		}
		return 0;
	});
}
