/**
 * The read of public.audit_log for audit.list, inside withUserRls: only admins can select the
 * table, and emails come from the admin-only public.admin_list_users_with_credentials() in the
 * same query, so a non-admin fails there too. Keyset pages on the identity id.
 */
import type { AuditAction } from '../../schemas/audit';
import type { TransactionSql } from './client';
import type { AuditLogRow } from './types';

export interface AuditQuery {
	userId?: string;
	action?: AuditAction;
	/** `YYYY-MM-DD`, UTC days, both included. */
	from?: string;
	to?: string;
	cursor?: string;
	limit: number;
}

/** An audit_log row with the emails of its actor and target (null when the user is gone). */
export type AuditEntryRow = Pick<
	AuditLogRow,
	'id' | 'created_at' | 'action' | 'actor_id' | 'target_user_id' | 'details'
> & { actor_email: string | null; target_email: string | null };

export async function selectAuditEntries(
	tx: TransactionSql,
	query: AuditQuery
): Promise<AuditEntryRow[]> {
	return tx<AuditEntryRow[]>`
		with people as (
			select user_id, email from public.admin_list_users_with_credentials()
		)
		select a.id::text as id, a.created_at, a.action,
		       a.actor_id, actor.email as actor_email,
		       a.target_user_id, target.email as target_email,
		       a.details
		from public.audit_log a
		left join people actor on actor.user_id = a.actor_id
		left join people target on target.user_id = a.target_user_id
		where true
			${query.userId ? tx`and a.target_user_id = ${query.userId}::uuid` : tx``}
			${query.action ? tx`and a.action = ${query.action}` : tx``}
			${query.from ? tx`and a.created_at >= (${query.from}::date)::timestamp at time zone 'UTC'` : tx``}
			${query.to ? tx`and a.created_at < (${query.to}::date + 1)::timestamp at time zone 'UTC'` : tx``}
			${query.cursor ? tx`and a.id < ${query.cursor}::bigint` : tx``}
		order by a.id desc
		limit ${query.limit + 1}
	`;
}
