/**
 * The statements on budgets (see 20261129125431_create_bedrock_budgets.sql).
 *
 * - reserve / settle / the per-minute slot: calls to the private functions as the database
 *   owner (the API roles may not change spend or counters), each in a guarded transaction with a
 *   short statement timeout, so a call queued behind a stuck lock fails fast.
 * - Reads and admin writes: inside withUserRls, so RLS decides (own budget; admins all).
 */
import type { Sql, TransactionSql } from './client';
import { guardedTransaction } from './guard';
import type { PublicTables } from './schema.generated';

type BudgetRow = PublicTables['bedrock_budgets']['row'];
type SettingsRow = PublicTables['bedrock_budget_settings']['row'];
type SpendRow = PublicTables['bedrock_budget_spend']['row'];

export type ReserveOutcome =
	'unlimited' | 'reserved' | 'refused' | 'unpriced_allowed' | 'unpriced_refused';

export interface ReserveRow {
	outcome: ReserveOutcome;
	reservation_id: string | null;
	/** `YYYY-MM-DD`, the first day of the UTC month. */
	month: string;
	limit_usd: string | null;
	spent_usd: string | null;
	reserved_usd: string | null;
	resets_at: Date;
}

const STATEMENT_TIMEOUT = '3s';

export async function reserveBudget(
	args: { userId: string; estimateUsd: number | null; ttlSeconds: number; modelId: string },
	options: { sql?: Sql } = {}
): Promise<ReserveRow> {
	const rows = await guardedTransaction(async (tx) => {
		await tx`select set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true)`;
		return tx<ReserveRow[]>`
			select outcome, reservation_id, month::text as month, limit_usd::text as limit_usd,
			       spent_usd::text as spent_usd, reserved_usd::text as reserved_usd, resets_at
			from private.reserve_budget(${args.userId}::uuid, ${args.estimateUsd}::numeric,
			                            ${args.ttlSeconds}::integer, ${args.modelId})
		`;
	}, options);
	const row = rows[0];
	if (!row) throw new Error('reserve_budget returned no row');
	return row;
}

export async function settleBudget(
	args: { reservationId: string; userId: string; month: string; actualUsd: number },
	options: { sql?: Sql } = {}
): Promise<void> {
	await guardedTransaction(async (tx) => {
		await tx`select set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true)`;
		await tx`
			select private.settle_budget(${args.reservationId}::uuid, ${args.userId}::uuid,
			                             ${args.month}::date, ${args.actualUsd}::numeric)
		`;
	}, options);
}

export type InvokeSlot =
	{ allowed: true; limit: number } | { allowed: false; limit: number; retryAfterMs: number };

/** One of the user's per-minute model calls (their own limit, the default, or the server's). */
export async function takeInvokeSlot(
	userId: string,
	serverLimit: number,
	options: { sql?: Sql } = {}
): Promise<InvokeSlot> {
	const rows = await guardedTransaction(async (tx) => {
		await tx`select set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true)`;
		return tx<{ allowed: boolean; retry_after_ms: number; limit_used: number }[]>`
			select allowed, retry_after_ms, limit_used
			from private.take_invoke_slot(${userId}::uuid, ${serverLimit}::integer)
		`;
	}, options);
	const row = rows[0];
	if (!row) throw new Error('take_invoke_slot returned no row');
	return row.allowed
		? { allowed: true, limit: row.limit_used }
		: { allowed: false, limit: row.limit_used, retryAfterMs: row.retry_after_ms };
}

/** One user's budget as RLS lets the caller read it, for the current UTC month. */
export type BudgetStatusRow = Pick<
	SettingsRow,
	'default_monthly_usd' | 'default_requests_per_minute' | 'allow_unpriced_models'
> &
	Pick<SpendRow, 'spent_usd' | 'reserved_usd'> & {
		user_id: string;
		email: string | null;
		own_monthly_usd: BudgetRow['monthly_usd'];
		own_requests_per_minute: BudgetRow['requests_per_minute'];
		resets_at: Date;
	};

/**
 * The figures as the next reservation would see them: spent from the month's row, or from the
 * ledger before the row exists; reserved counts only reservations that have not expired.
 */
const statusColumns = (tx: TransactionSql) => tx`
	b.monthly_usd::text as own_monthly_usd, b.requests_per_minute as own_requests_per_minute,
	s.default_monthly_usd::text as default_monthly_usd,
	s.default_requests_per_minute, s.allow_unpriced_models,
	coalesce(sp.spent_usd, (
		select coalesce(sum(u.cost_usd), 0) from public.bedrock_usage u
		where u.user_id = p.user_id and u.created_at >= m.starts and u.created_at < m.ends
	))::text as spent_usd,
	(select coalesce(sum(r.amount_usd), 0) from public.bedrock_budget_reservations r
	 where r.user_id = p.user_id and r.month = m.month and r.expires_at > clock_timestamp()
	)::text as reserved_usd,
	m.ends as resets_at
`;

const monthCte = (tx: TransactionSql) => tx`
	with m as (
		select date_trunc('month', now() at time zone 'UTC')::date as month,
		       date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' as starts,
		       (date_trunc('month', now() at time zone 'UTC') + interval '1 month') at time zone 'UTC' as ends
	)
`;

export async function selectBudgetStatus(
	tx: TransactionSql,
	userId: string
): Promise<BudgetStatusRow> {
	const rows = await tx<BudgetStatusRow[]>`
		${monthCte(tx)}
		select p.user_id::text as user_id, null::text as email, ${statusColumns(tx)}
		from (select ${userId}::uuid as user_id) p
		cross join m
		cross join public.bedrock_budget_settings s
		left join public.bedrock_budgets b on b.user_id = p.user_id
		left join public.bedrock_budget_spend sp on sp.user_id = p.user_id and sp.month = m.month
	`;
	const row = rows[0];
	if (!row) throw new Error('the budget settings row is missing');
	return row;
}

/** Every user (admins only: the user list comes from the admin-only function). */
export async function selectBudgetList(tx: TransactionSql): Promise<BudgetStatusRow[]> {
	return tx<BudgetStatusRow[]>`
		${monthCte(tx)}
		select p.user_id::text as user_id, p.email, ${statusColumns(tx)}
		from public.admin_list_users_with_credentials() p
		cross join m
		cross join public.bedrock_budget_settings s
		left join public.bedrock_budgets b on b.user_id = p.user_id
		left join public.bedrock_budget_spend sp on sp.user_id = p.user_id and sp.month = m.month
		order by p.email nulls last, p.user_id
	`;
}

export type BudgetDefaultsRow = Pick<
	SettingsRow,
	'default_monthly_usd' | 'default_requests_per_minute' | 'allow_unpriced_models'
>;

export async function selectBudgetDefaults(tx: TransactionSql): Promise<BudgetDefaultsRow> {
	const [row] = await tx<BudgetDefaultsRow[]>`
		select default_monthly_usd::text as default_monthly_usd, default_requests_per_minute,
		       allow_unpriced_models
		from public.bedrock_budget_settings
	`;
	if (!row) throw new Error('the budget settings row is missing');
	return row;
}

/** Admins (RLS): sets or clears a user's own values; the audit trigger records the change. */
export async function writeUserBudget(
	tx: TransactionSql,
	args: { userId: string; monthlyUsd: number | null; requestsPerMinute: number | null }
): Promise<void> {
	if (args.monthlyUsd === null && args.requestsPerMinute === null) {
		await tx`delete from public.bedrock_budgets where user_id = ${args.userId}::uuid`;
		return;
	}
	await tx`
		insert into public.bedrock_budgets (user_id, monthly_usd, requests_per_minute)
		values (${args.userId}::uuid, ${args.monthlyUsd}::numeric, ${args.requestsPerMinute}::integer)
		on conflict (user_id) do update
			set monthly_usd = excluded.monthly_usd, requests_per_minute = excluded.requests_per_minute
	`;
}

/** Admins (RLS): the defaults; a non-admin's update matches no row (checked by the caller). */
export async function writeBudgetDefaults(
	tx: TransactionSql,
	args: {
		monthlyUsd: number | null;
		requestsPerMinute: number | null;
		allowUnpricedModels: boolean;
	}
): Promise<number> {
	const result = await tx`
		update public.bedrock_budget_settings
		set default_monthly_usd = ${args.monthlyUsd}::numeric,
		    default_requests_per_minute = ${args.requestsPerMinute}::integer,
		    allow_unpriced_models = ${args.allowUnpricedModels}
		where id
	`;
	return result.count;
}
