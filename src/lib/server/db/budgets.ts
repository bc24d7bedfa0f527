/**
 * The statements on budgets (see 20261129125431_create_bedrock_budgets.sql).
 *
 * - reserve / settle / the per-minute slot: calls to the private functions as the database
 *   owner (the API roles may not change spend or counters), each one round trip with a short
 *   statement timeout (db/pipelined.ts `serverDecision`).
 * - Reads and admin writes: inside withUserRls, so RLS decides (own budget; admins all).
 */
import type { Sql, TransactionSql } from './client';
import {
	dateLiteral,
	integerLiteral,
	numericLiteral,
	textLiteral,
	uuidLiteral,
	type Fragments
} from './literals';
import { serverDecision } from './pipelined';
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

/** A reservation that committed after its caller heard "timeout": nobody will settle it. */
async function releaseLate(row: ReserveRow | undefined, userId: string, options: { sql?: Sql }) {
	if (row?.outcome !== 'reserved' || !row.reservation_id) return;
	await settleBudget(
		{ reservationId: row.reservation_id, userId, month: row.month, actualUsd: 0 },
		options
	);
}

// Values are written into these statements (db/literals.ts), not sent as parameters: with
// parameters, postgres.js would spend a round trip describing each one first.

/** The columns of a reservation's answer, as ReserveRow spells them. */
const reserveColumns = (tx: Fragments) =>
	tx.unsafe(`
	outcome, reservation_id, month::text as month, limit_usd::text as limit_usd,
	spent_usd::text as spent_usd, reserved_usd::text as reserved_usd, resets_at`);

export interface ReserveArgs {
	userId: string;
	estimateUsd: number | null;
	ttlSeconds: number;
	modelId: string;
}

const reserveArgs = (tx: Fragments, args: ReserveArgs) => ({
	estimate: numericLiteral(tx, args.estimateUsd),
	ttl: integerLiteral(tx, args.ttlSeconds),
	model: textLiteral(tx, args.modelId)
});

export async function reserveBudget(
	args: ReserveArgs,
	options: { sql?: Sql } = {}
): Promise<ReserveRow> {
	const rows = await serverDecision(
		(tx) => {
			const { estimate, ttl, model } = reserveArgs(tx, args);
			return tx<ReserveRow[]>`
				select ${reserveColumns(tx)}
				from private.reserve_budget(${uuidLiteral(tx, args.userId)}, ${estimate}, ${ttl}, ${model})
			`;
		},
		// Not durable: see serverDecision (a lost reservation is a hold that never existed).
		{ ...options, durable: false, undoLate: (late) => releaseLate(late[0], args.userId, options) }
	);
	const row = rows[0];
	if (!row) throw new Error('reserve_budget returned no row');
	return row;
}

export async function settleBudget(
	args: { reservationId: string; userId: string; month: string; actualUsd: number },
	options: { sql?: Sql } = {}
): Promise<void> {
	await serverDecision(
		(tx) => tx`
			select private.settle_budget(${uuidLiteral(tx, args.reservationId)},
			                             ${uuidLiteral(tx, args.userId)},
			                             ${dateLiteral(tx, args.month)},
			                             ${numericLiteral(tx, args.actualUsd)})
		`,
		options
	);
}

export type InvokeSlot =
	{ allowed: true; limit: number } | { allowed: false; limit: number; retryAfterMs: number };

/** One of the user's per-minute model calls (their own limit, the default, or the server's). */
export async function takeInvokeSlot(
	userId: string,
	serverLimit: number,
	options: { sql?: Sql } = {}
): Promise<InvokeSlot> {
	const rows = await serverDecision(
		(tx) => tx<{ allowed: boolean; retry_after_ms: number; limit_used: number }[]>`
			select allowed, retry_after_ms, limit_used
			from private.take_invoke_slot(${uuidLiteral(tx, userId)}, ${integerLiteral(tx, serverLimit)})
		`,
		{ ...options, durable: false }
	);
	const row = rows[0];
	if (!row) throw new Error('take_invoke_slot returned no row');
	return asSlot(row);
}

const asSlot = (row: {
	allowed: boolean;
	retry_after_ms: number;
	limit_used: number;
}): InvokeSlot =>
	row.allowed
		? { allowed: true, limit: row.limit_used }
		: { allowed: false, limit: row.limit_used, retryAfterMs: row.retry_after_ms };

/**
 * Further calls the instance may admit itself (private.admit_invoke_leasing): taken from the
 * user's minute in the same statement, for a user with no monthly budget only.
 */
export interface InvokeLease {
	calls: number;
	/** How long they stay valid: until the minute's window ends, on the database's clock. */
	validMs: number;
}

/** A model call's admission: refused by the rate limit, or the slot and the budget's answer. */
export type Admission =
	| { slot: Extract<InvokeSlot, { allowed: false }> }
	| {
			slot: Extract<InvokeSlot, { allowed: true }>;
			budget: ReserveRow;
			lease: InvokeLease | null;
	  };

/**
 * The per-minute slot, then (only when given) the budget reservation, in one round trip
 * (private.admit_invoke_leasing): everything the server decides before a model call. With
 * `leaseMax` above 1, a user without a budget may also lease up to `leaseMax - 1` further calls
 * to this instance (see the migration).
 */
export async function admitInvoke(
	args: ReserveArgs & { serverLimit: number; leaseMax?: number },
	options: { sql?: Sql } = {}
): Promise<Admission> {
	type Row = { allowed: boolean; retry_after_ms: number; limit_used: number } & ReserveRow & {
			leased: number;
			lease_ms: number;
		};
	const rows = await serverDecision(
		(tx) => {
			const { estimate, ttl, model } = reserveArgs(tx, args);
			return tx<Row[]>`
				select allowed, retry_after_ms, limit_used, ${reserveColumns(tx)}, leased, lease_ms
				from private.admit_invoke_leasing(${uuidLiteral(tx, args.userId)},
				                                  ${integerLiteral(tx, args.serverLimit)},
				                                  ${estimate}, ${ttl}, ${model},
				                                  ${integerLiteral(tx, args.leaseMax ?? 1)})
			`;
		},
		// Not durable: see serverDecision (a slot, a hold and a lease, all harmless to lose).
		{ ...options, durable: false, undoLate: (late) => releaseLate(late[0], args.userId, options) }
	);
	const row = rows[0];
	if (!row) throw new Error('admit_invoke_leasing returned no row');
	const slot = asSlot(row);
	if (!slot.allowed) return { slot };
	const lease = row.leased > 0 ? { calls: row.leased, validMs: row.lease_ms } : null;
	return { slot, budget: row, lease };
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
