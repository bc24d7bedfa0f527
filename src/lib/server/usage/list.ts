/**
 * usage.list: the ledger, newest first, read as the calling user so RLS decides what is
 * visible (own rows; admins every row). Without `userId`/`all` a caller sees only their own
 * rows, admins included; `userId` and `all` are admin-only (the router refuses others).
 *
 * Keyset pagination on (created_at, id): stable while new rows arrive, including late rows
 * (written after a database outage with the time of their call).
 */
import {
	USAGE_PAGE_SIZE,
	usageListOutput,
	type UsageListOutput,
	type UsageListQuery
} from '../../schemas/usage';
import { selectUsagePage, type UsageSelectRow } from '../db/usage';
import type { UserDb } from '../db/rls';
import { ledgerFilter } from './ledger-filter';

export async function listUsage(
	db: UserDb,
	callerId: string,
	query: UsageListQuery
): Promise<UsageListOutput> {
	const [createdUs, id] = query.cursor?.split('.') ?? [];
	const rows = await db((tx) =>
		selectUsagePage(tx, {
			...ledgerFilter(query, callerId),
			cursor: createdUs && id ? { createdUs, id } : undefined,
			limit: USAGE_PAGE_SIZE
		})
	);
	const page = rows.slice(0, USAGE_PAGE_SIZE);
	const last = page.at(-1);
	return usageListOutput.parse({
		rows: page.map(toRow),
		nextCursor: rows.length > USAGE_PAGE_SIZE && last ? `${last.created_us}.${last.id}` : null
	});
}

function toRow(row: UsageSelectRow) {
	return {
		id: row.id,
		userId: row.user_id,
		modelId: row.model_id,
		baseModelId: row.base_model_id,
		inferenceProfileId: row.inference_profile_id,
		region: row.region,
		operation: row.operation,
		status: row.status,
		awsError: row.aws_error,
		inputTokens: row.input_tokens,
		outputTokens: row.output_tokens,
		cacheReadTokens: row.cache_read_tokens,
		cacheWriteTokens: row.cache_write_tokens,
		costUsd: row.cost_usd === null ? null : Number(row.cost_usd),
		priceVersion: row.price_version,
		awsLatencyMs: row.aws_latency_ms,
		durationMs: row.duration_ms,
		firstTokenMs: row.first_token_ms,
		awsRequestId: row.aws_request_id,
		createdAt: new Date(row.created_at).toISOString()
	};
}
