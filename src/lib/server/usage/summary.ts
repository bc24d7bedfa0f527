/**
 * usage.summary: the ledger's calls, errors, tokens and cost per day, model, user or operation,
 * read as the calling user so RLS decides what is counted (own rows; admins every row). Without
 * `userId`/`all` a caller sees only their own figures, admins included; the router refuses
 * `userId`/`all` to everyone else.
 */
import {
	usageSummaryOutput,
	type UsageFigures,
	type UsageSummaryOutput,
	type UsageSummaryQuery
} from '../../schemas/usage';
import { selectUsageSummary, type UsageSummaryRow } from '../db/usage';
import type { UserDb } from '../db/rls';
import { ledgerFilter } from './ledger-filter';

export async function summarizeUsage(
	db: UserDb,
	callerId: string,
	query: UsageSummaryQuery
): Promise<UsageSummaryOutput> {
	const rows = await db(
		(tx) =>
			selectUsageSummary(tx, {
				...ledgerFilter(query, callerId),
				groupBy: query.groupBy
			}),
		{ readOnly: true }
	);
	const totals = rows.find((row) => row.key === null);
	return usageSummaryOutput.parse({
		groupBy: query.groupBy,
		totals: totals ? figures(totals) : figures(undefined),
		groups: rows
			.filter((row): row is UsageSummaryRow & { key: string } => row.key !== null)
			.map((row) => ({ key: row.key, ...figures(row) }))
	});
}

function figures(row: UsageSummaryRow | undefined): UsageFigures {
	return {
		calls: row?.calls ?? 0,
		errors: row?.errors ?? 0,
		aborted: row?.aborted ?? 0,
		inputTokens: Number(row?.input_tokens ?? 0),
		outputTokens: Number(row?.output_tokens ?? 0),
		cacheReadTokens: Number(row?.cache_read_tokens ?? 0),
		cacheWriteTokens: Number(row?.cache_write_tokens ?? 0),
		costUsd: Number(row?.cost_usd ?? 0),
		unknownCostCalls: row?.unknown_cost_calls ?? 0
	};
}
