import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import type { AuditAction } from '$lib/schemas/audit';

/** The audit page's URL for a set of filters (`?user=<id>&action=<action>`), empty ones left out. */
export function auditHref(filters: { userId?: string; action?: AuditAction }): ResolvedPathname {
	const query = new URLSearchParams();
	if (filters.userId) query.set('user', filters.userId);
	if (filters.action) query.set('action', filters.action);
	const search = query.toString();
	return search
		? resolve(`/admin/supabase-bedrock/users/audit${`?${search}` as `?${string}`}`)
		: resolve('/admin/supabase-bedrock/users/audit');
}
