/**
 * The usage page's filters live in the URL (`?from=<day>&to=<day>&user=<id>&model=<id>&status=`)
 * so a view can be shared and Back restores it. Days are UTC, both included. Unknown or
 * malformed values are dropped rather than failing the page. Isomorphic.
 */
import { userIdSchema } from '$lib/schemas/credentials';
import { USAGE_STATUSES, type UsageStatus } from '$lib/schemas/usage';
import { z } from 'zod';

export type UsageFilters = {
	from?: string;
	to?: string;
	/** Admins: one user's figures; absent: everyone's. Ignored for other users. */
	userId?: string;
	model?: string;
	status?: UsageStatus;
};

const day = z.iso.date();
const model = z.string().trim().min(1).max(2048);
const status = z.enum(USAGE_STATUSES);

export function usageFiltersFromQuery(query: URLSearchParams): UsageFilters {
	const pick = <T>(schema: z.ZodType<T>, name: string) => {
		const parsed = schema.safeParse(query.get(name) ?? undefined);
		return parsed.success ? parsed.data : undefined;
	};
	const from = pick(day, 'from');
	let to = pick(day, 'to');
	// A reversed range would match nothing: keep the start, drop the end.
	if (from && to && from > to) to = undefined;
	const filters: UsageFilters = {
		from,
		to,
		userId: pick(userIdSchema, 'user'),
		model: pick(model, 'model'),
		status: pick(status, 'status')
	};
	return Object.fromEntries(
		Object.entries(filters).filter(([, value]) => value !== undefined)
	) as UsageFilters;
}

export function usageSearch(filters: UsageFilters): string {
	const params = new URLSearchParams();
	if (filters.from) params.set('from', filters.from);
	if (filters.to) params.set('to', filters.to);
	if (filters.userId) params.set('user', filters.userId);
	if (filters.model) params.set('model', filters.model);
	if (filters.status) params.set('status', filters.status);
	const text = params.toString();
	return text ? `?${text}` : '';
}

/** The API's filters: whole UTC days, and for admins everyone unless one user is chosen. */
export function apiFilters(filters: UsageFilters, isAdmin: boolean) {
	const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();
	return {
		...(filters.from ? { from: `${filters.from}T00:00:00.000Z` } : {}),
		...(filters.to ? { to: next(filters.to) } : {}),
		...(filters.model ? { model: filters.model } : {}),
		...(filters.status ? { status: filters.status } : {}),
		...(isAdmin ? (filters.userId ? { userId: filters.userId } : { all: true }) : {})
	};
}

export function isFiltered(filters: UsageFilters): boolean {
	return Object.keys(filters).length > 0;
}
