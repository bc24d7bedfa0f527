/**
 * budgets.*: reading and setting budgets, as the calling user so RLS decides (own budget;
 * admins read all and write; the audit trigger records every change in the same transaction).
 * Enforcement is elsewhere: budgets/hold.ts (monthly USD) and limits/procedures.ts (per minute).
 */
import type {
	BudgetListOutput,
	BudgetStatus,
	SetBudgetDefaultInput,
	SetBudgetInput
} from '../../schemas/budgets';
import {
	selectBudgetDefaults,
	selectBudgetList,
	selectBudgetStatus,
	writeBudgetDefaults,
	writeUserBudget,
	type BudgetStatusRow
} from '../db/budgets';
import type { UserDb } from '../db/rls';
import { AppError } from '../errors';
import { limitsFromEnv } from '../limits/config';
import { invokeLeases } from './invoke-leases';

const money = (value: string | null) => (value === null ? null : Number(value));

function toStatus(row: BudgetStatusRow): BudgetStatus {
	const own = money(row.own_monthly_usd);
	const fallback = money(row.default_monthly_usd);
	const limitUsd = own ?? fallback;
	const spentUsd = Number(row.spent_usd);
	const reservedUsd = Number(row.reserved_usd);
	const serverRpm = limitsFromEnv().invokesPerMinute;
	return {
		limitUsd,
		spentUsd,
		reservedUsd,
		remainingUsd: limitUsd === null ? null : Math.max(0, limitUsd - spentUsd - reservedUsd),
		resetsAt: new Date(row.resets_at).toISOString(),
		source: own !== null ? 'user' : fallback !== null ? 'default' : 'none',
		requestsPerMinute: row.own_requests_per_minute ?? row.default_requests_per_minute ?? serverRpm,
		requestsPerMinuteSource:
			row.own_requests_per_minute !== null
				? 'user'
				: row.default_requests_per_minute !== null
					? 'default'
					: 'server',
		allowUnpricedModels: row.allow_unpriced_models
	};
}

export async function getOwnBudget(db: UserDb, userId: string): Promise<BudgetStatus> {
	return toStatus(await db((tx) => selectBudgetStatus(tx, userId), { readOnly: true }));
}

export async function listBudgets(db: UserDb): Promise<BudgetListOutput> {
	const [rows, defaults] = await db(
		async (tx) => [await selectBudgetList(tx), await selectBudgetDefaults(tx)] as const,
		{ readOnly: true }
	);
	return {
		defaults: {
			monthlyUsd: money(defaults.default_monthly_usd),
			requestsPerMinute: defaults.default_requests_per_minute,
			allowUnpricedModels: defaults.allow_unpriced_models
		},
		users: rows.map((row) => ({
			...toStatus(row),
			userId: row.user_id,
			email: row.email,
			ownMonthlyUsd: money(row.own_monthly_usd),
			ownRequestsPerMinute: row.own_requests_per_minute
		}))
	};
}

/** Sets (or, with both null, clears) a user's own values; returns their budget afterwards. */
export async function setBudget(db: UserDb, input: SetBudgetInput): Promise<BudgetStatus> {
	const status = toStatus(
		await db(async (tx) => {
			await writeUserBudget(tx, input);
			return selectBudgetStatus(tx, input.userId);
		})
	);
	// Calls leased on "no budget" and the old limit: the next call is decided afresh.
	invokeLeases.forget(input.userId);
	return status;
}

export async function setBudgetDefault(
	db: UserDb,
	input: SetBudgetDefaultInput
): Promise<BudgetListOutput['defaults']> {
	const updated = await db((tx) => writeBudgetDefaults(tx, input));
	// RLS hides the row from a non-admin's update; the router already refuses them.
	if (updated !== 1) throw new AppError('FORBIDDEN', 'Only admins can change the budget defaults.');
	invokeLeases.forget();
	return {
		monthlyUsd: input.monthlyUsd,
		requestsPerMinute: input.requestsPerMinute,
		allowUnpricedModels: input.allowUnpricedModels
	};
}
