/**
 * usage.export: the filtered ledger as CSV, read as the calling user so RLS decides (own rows;
 * admins any user's or all). Every cell is quoted and formula-safe (csv/cell.ts); an unknown
 * count or cost is an empty cell, never 0. At most USAGE_EXPORT_MAX_ROWS rows, newest first.
 */
import {
	USAGE_EXPORT_MAX_ROWS,
	type UsageExportOutput,
	type UsageExportQuery
} from '../../schemas/usage';
import { csvCell, csvDocument } from '../csv/cell';
import { selectUsagePage, type UsageSelectRow } from '../db/usage';
import type { UserDb } from '../db/rls';
import { ledgerFilter } from './ledger-filter';

export const USAGE_CSV_COLUMNS = [
	'time',
	'user_id',
	'model_id',
	'base_model_id',
	'inference_profile_id',
	'region',
	'operation',
	'status',
	'aws_error',
	'input_tokens',
	'output_tokens',
	'cache_read_tokens',
	'cache_write_tokens',
	'cost_usd',
	'price_version',
	'aws_latency_ms',
	'duration_ms',
	'first_token_ms',
	'aws_request_id'
] as const;

export function usageCsvRow(row: UsageSelectRow): string {
	return [
		new Date(row.created_at).toISOString(),
		row.user_id,
		row.model_id,
		row.base_model_id,
		row.inference_profile_id,
		row.region,
		row.operation,
		row.status,
		row.aws_error,
		row.input_tokens,
		row.output_tokens,
		row.cache_read_tokens,
		row.cache_write_tokens,
		row.cost_usd,
		row.price_version,
		row.aws_latency_ms,
		row.duration_ms,
		row.first_token_ms,
		row.aws_request_id
	]
		.map(csvCell)
		.join(',');
}

export async function exportUsage(
	db: UserDb,
	callerId: string,
	query: UsageExportQuery
): Promise<UsageExportOutput> {
	const rows = await db(
		(tx) =>
			selectUsagePage(tx, {
				...ledgerFilter(query, callerId),
				limit: USAGE_EXPORT_MAX_ROWS
			}),
		{ readOnly: true }
	);
	const kept = rows.slice(0, USAGE_EXPORT_MAX_ROWS);
	const day = new Date().toISOString().slice(0, 10);
	return {
		filename: `bedrock-usage-${day}.csv`,
		csv: csvDocument([USAGE_CSV_COLUMNS.map(csvCell).join(','), ...kept.map(usageCsvRow)]),
		rows: kept.length,
		truncated: rows.length > USAGE_EXPORT_MAX_ROWS
	};
}
