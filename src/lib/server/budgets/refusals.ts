/**
 * The PAYMENT_REQUIRED refusals, written for the person who hit them: what the budget is, what
 * is left, and what they can do. `data.budget` carries the figures for programs.
 */
import type { BudgetFigures } from '../../schemas/budgets';
import type { ReserveRow } from '../db/budgets';
import { AppError } from '../errors';

const usd = (value: number) =>
	`$${value.toLocaleString('en-US', {
		minimumFractionDigits: 2,
		maximumFractionDigits: value !== 0 && Math.abs(value) < 1 ? 6 : 2
	})}`;

export function budgetFigures(row: ReserveRow): BudgetFigures {
	const limitUsd = row.limit_usd === null ? null : Number(row.limit_usd);
	const spentUsd = Number(row.spent_usd ?? 0);
	const reservedUsd = Number(row.reserved_usd ?? 0);
	return {
		limitUsd,
		spentUsd,
		reservedUsd,
		remainingUsd: limitUsd === null ? null : Math.max(0, limitUsd - spentUsd - reservedUsd),
		resetsAt: new Date(row.resets_at).toISOString()
	};
}

const resetDay = (figures: BudgetFigures) => figures.resetsAt.slice(0, 10);

export function paymentRequired(maxCostUsd: number, row: ReserveRow): AppError {
	const budget = budgetFigures(row);
	const held = budget.reservedUsd > 0 ? `, ${usd(budget.reservedUsd)} held by calls in flight` : '';
	return new AppError(
		'PAYMENT_REQUIRED',
		`This call could cost up to ${usd(maxCostUsd)}, more than is left of your monthly budget ` +
			`of ${usd(budget.limitUsd ?? 0)} (${usd(budget.spentUsd)} spent${held}). ` +
			`Lower maxTokens or shorten the prompt, wait for calls in flight to finish, or ask an ` +
			`admin to raise your budget; it resets on ${resetDay(budget)} (UTC).`,
		{ budget }
	);
}

export function unpricedModelRefused(modelId: string, row: ReserveRow): AppError {
	return new AppError(
		'PAYMENT_REQUIRED',
		`No price is known for ${modelId}, so its cost cannot be counted against your monthly ` +
			`budget. Choose a model with a known price, or ask an admin to allow unpriced models ` +
			`(the budget defaults).`,
		{ budget: budgetFigures(row) }
	);
}
