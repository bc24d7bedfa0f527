/**
 * The statements on public.bedrock_usage. Writes go only through the privileged
 * private.record_bedrock_usage(jsonb) (API roles cannot insert); reads run inside withUserRls,
 * so RLS limits a user to their own rows and lets admins read all.
 */
import type { Sql, TransactionSql } from './client';
import { dollarQuoted } from './literals';
import type { UsageGroupBy, UsageOperation, UsageStatus } from '../../schemas/usage';
import type { BedrockUsageRow, Without } from './types';

/**
 * One ledger row as the writer function takes it (column names, JSON values): the table's row
 * without the identity, the cost as a number and the time of the call as an ISO string (rows
 * may arrive late).
 */
export type UsageInsertRow = Without<BedrockUsageRow, 'id' | 'cost_usd' | 'created_at'> & {
	cost_usd: number | null;
	created_at: string;
};

/**
 * Inserts a batch in one statement, with its own deadline so a statement the server is slow to
 * finish fails the attempt (and the queue retries) instead of holding a connection forever.
 *
 * The deadline and the insert go as one simple-protocol message with the rows written in as a
 * literal (see literals.ts): Postgres runs a message of several statements as one implicit
 * transaction, so the batch is stored whole or not at all, in one round trip instead of six
 * (begin, commit, and a "describe" trip for each statement with a parameter under
 * `prepare: false`). The ledger then wakes the database once per batch while model calls are
 * being answered.
 */
export async function insertUsageRows(
	sql: Sql,
	rows: UsageInsertRow[],
	deadline = '5s'
): Promise<number> {
	if (!/^\d+(ms|s)$/.test(deadline)) throw new TypeError('Not a deadline such as 5s.');
	const results = (await sql.unsafe(
		`select set_config('statement_timeout', '${deadline}', true);
		 select private.record_bedrock_usage(${dollarQuoted(JSON.stringify(rows))}::jsonb) as n`
	)) as unknown as [unknown, { n: number }[]];
	return results[1][0]?.n ?? 0;
}

/** The filters usage.list, usage.summary and usage.export share. */
export type UsageFilter = Pick<
	UsageQuery,
	'userId' | 'from' | 'to' | 'model' | 'operation' | 'status'
>;

/** The WHERE conditions of a filter (RLS still decides which rows exist for the caller). */
function usageFilter(tx: TransactionSql, q: UsageFilter) {
	return tx`true
		${q.userId ? tx`and user_id = ${q.userId}::uuid` : tx``}
		${q.from ? tx`and created_at >= ${q.from}::timestamptz` : tx``}
		${q.to ? tx`and created_at < ${q.to}::timestamptz` : tx``}
		${q.model ? tx`and (model_id = ${q.model} or base_model_id = ${q.model})` : tx``}
		${q.operation ? tx`and operation = ${q.operation}` : tx``}
		${q.status ? tx`and status = ${q.status}` : tx``}`;
}

export interface UsageQuery {
	/** Only this user's rows; undefined: every row RLS lets the caller see. */
	userId?: string;
	from?: string;
	to?: string;
	model?: string;
	operation?: UsageOperation;
	status?: UsageStatus;
	/** `<created_at in µs since epoch>.<id>` of the last row of the previous page. */
	cursor?: { createdUs: string; id: string };
	limit: number;
}

/** A row as the page query selects it, plus its keyset position. */
export type UsageSelectRow = BedrockUsageRow & { created_us: string };

export async function selectUsagePage(
	tx: TransactionSql,
	q: UsageQuery
): Promise<UsageSelectRow[]> {
	return tx<UsageSelectRow[]>`
		select id::text as id, user_id, model_id, base_model_id, inference_profile_id, region,
		       operation, status, aws_error, input_tokens, output_tokens, cache_read_tokens,
		       cache_write_tokens, aws_latency_ms, duration_ms, first_token_ms,
		       cost_usd::text as cost_usd, price_version, aws_request_id, created_at,
		       ((extract(epoch from created_at) * 1000000)::bigint)::text as created_us
		from public.bedrock_usage u
		where ${usageFilter(tx, q)}
			${
				q.cursor
					? tx`and (created_at, id) < (timestamptz 'epoch' + ${q.cursor.createdUs}::bigint * interval '1 microsecond', ${q.cursor.id}::bigint)`
					: tx``
			}
		-- u.id, not id: a bare name in order by means the output column, the text id::text,
		-- which sorts '88' after '118' and made a keyset page skip rows once ids grew a digit.
		order by u.created_at desc, u.id desc
		limit ${q.limit + 1}
	`;
}

/** One group of usage.summary, or the totals (key null). Sums of bigint/numeric as text. */
export interface UsageSummaryRow {
	key: string | null;
	calls: number;
	errors: number;
	aborted: number;
	input_tokens: string;
	output_tokens: string;
	cache_read_tokens: string;
	cache_write_tokens: string;
	cost_usd: string;
	unknown_cost_calls: number;
}

/**
 * Figures per group and in total (GROUPING SETS: one scan). Known costs are added up; rows with
 * an unknown cost are counted apart, never added as 0.
 */
export async function selectUsageSummary(
	tx: TransactionSql,
	q: UsageFilter & { groupBy: UsageGroupBy }
): Promise<UsageSummaryRow[]> {
	const key = {
		day: tx`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`,
		model: tx`coalesce(base_model_id, model_id)`,
		user: tx`user_id::text`,
		operation: tx`operation`
	}[q.groupBy];
	return tx<UsageSummaryRow[]>`
		select case when grouping(${key}) = 0 then ${key} end as key,
		       count(*)::int as calls,
		       (count(*) filter (where status = 'error'))::int as errors,
		       (count(*) filter (where status = 'aborted'))::int as aborted,
		       coalesce(sum(input_tokens), 0)::text as input_tokens,
		       coalesce(sum(output_tokens), 0)::text as output_tokens,
		       coalesce(sum(cache_read_tokens), 0)::text as cache_read_tokens,
		       coalesce(sum(cache_write_tokens), 0)::text as cache_write_tokens,
		       coalesce(sum(cost_usd), 0)::text as cost_usd,
		       (count(*) filter (where cost_usd is null))::int as unknown_cost_calls
		from public.bedrock_usage
		where ${usageFilter(tx, q)}
		group by grouping sets ((${key}), ())
		order by grouping(${key}) desc, 1
	`;
}
