/**
 * The ledger rows a usage query asks for, as usage.list, usage.summary and usage.export all
 * read them: the caller's own unless an admin passes `userId` or `all` (RLS still decides
 * whether the caller may see them).
 */
import type { UsageOperation, UsageStatus } from '../../schemas/usage';

export interface LedgerFilterQuery {
	userId?: string;
	all?: boolean;
	from?: string;
	to?: string;
	model?: string;
	operation?: UsageOperation;
	status?: UsageStatus;
}

export function ledgerFilter(query: LedgerFilterQuery, callerId: string) {
	return {
		userId: query.all ? undefined : (query.userId ?? callerId),
		from: query.from,
		to: query.to,
		model: query.model,
		operation: query.operation,
		status: query.status
	};
}
