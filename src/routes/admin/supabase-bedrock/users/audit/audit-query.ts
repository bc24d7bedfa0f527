import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import type { AuditFilters } from '$lib/schemas/audit';

/** `user=…&action=…&from=…&to=…` for a set of filters, empty ones left out. */
export function auditSearch(filters: AuditFilters): string {
	const query = new URLSearchParams();
	if (filters.userId) query.set('user', filters.userId);
	if (filters.action) query.set('action', filters.action);
	if (filters.from) query.set('from', filters.from);
	if (filters.to) query.set('to', filters.to);
	return query.toString();
}

/** The audit page's URL for a set of filters. */
export function auditHref(filters: AuditFilters): ResolvedPathname {
	const search = auditSearch(filters);
	return search
		? resolve(`/admin/supabase-bedrock/users/audit${`?${search}` as `?${string}`}`)
		: resolve('/admin/supabase-bedrock/users/audit');
}

/** The CSV of the same filtered log (every matching entry, not just the loaded pages). */
export function auditCsvHref(filters: AuditFilters): ResolvedPathname {
	const search = auditSearch(filters);
	return search
		? resolve(`/admin/supabase-bedrock/users/audit/export.csv${`?${search}` as `?${string}`}`)
		: resolve('/admin/supabase-bedrock/users/audit/export.csv');
}
