/**
 * Budgets: what `budgets.*` accept and return, and the `data.budget` of a PAYMENT_REQUIRED
 * refusal (isomorphic: the playground and the usage page show these figures).
 *
 * Amounts are USD. A limit of `null` means "not set": a user's own value wins, else the admins'
 * default, else there is no limit. Months are calendar months in UTC.
 */
import { z } from 'zod';
import { userIdSchema } from './credentials';

/** Whole cents, at most a million dollars a month: a typo, not a budget, beyond that. */
const monthlyUsdSchema = z
	.number({ error: 'monthlyUsd must be a number of US dollars' })
	.min(0, { error: 'monthlyUsd must not be negative' })
	.max(1_000_000, { error: 'monthlyUsd must be at most 1,000,000' })
	.refine((usd) => Math.abs(usd * 100 - Math.round(usd * 100)) < 1e-6, {
		error: 'monthlyUsd must be in whole cents'
	});

const requestsPerMinuteSchema = z
	.number({ error: 'requestsPerMinute must be a whole number' })
	.int({ error: 'requestsPerMinute must be a whole number' })
	.min(1, { error: 'requestsPerMinute must be at least 1' })
	.max(100_000, { error: 'requestsPerMinute must be at most 100,000' });

/** The month's figures for one user, as budgets.get and a refusal report them. */
export const budgetFiguresSchema = z.object({
	/** The monthly limit in USD that applies; null: no limit. */
	limitUsd: z.number().nullable(),
	spentUsd: z.number(),
	reservedUsd: z.number(),
	/** limit - spent - reserved (never below 0); null: no limit. */
	remainingUsd: z.number().nullable(),
	/** When the month ends (UTC), ISO date-time. */
	resetsAt: z.string()
});
export type BudgetFigures = z.infer<typeof budgetFiguresSchema>;

export const budgetStatusSchema = budgetFiguresSchema.extend({
	/** Where the limit comes from. */
	source: z.enum(['user', 'default', 'none']),
	/** The per-minute limit that applies to invoke.* and connection.test. */
	requestsPerMinute: z.number().int(),
	requestsPerMinuteSource: z.enum(['user', 'default', 'server']),
	allowUnpricedModels: z.boolean()
});
export type BudgetStatus = z.infer<typeof budgetStatusSchema>;

export const budgetListRowSchema = budgetStatusSchema.extend({
	userId: z.string(),
	email: z.string().nullable(),
	/** The user's own values (null: the default applies). */
	ownMonthlyUsd: z.number().nullable(),
	ownRequestsPerMinute: z.number().int().nullable()
});
export type BudgetListRow = z.infer<typeof budgetListRowSchema>;

export const budgetDefaultsSchema = z.object({
	monthlyUsd: z.number().nullable(),
	requestsPerMinute: z.number().int().nullable(),
	allowUnpricedModels: z.boolean()
});
export type BudgetDefaults = z.infer<typeof budgetDefaultsSchema>;

export const budgetListOutput = z.object({
	defaults: budgetDefaultsSchema,
	users: z.array(budgetListRowSchema)
});
export type BudgetListOutput = z.infer<typeof budgetListOutput>;

/** null clears the user's own value (the default applies again). */
export const setBudgetInput = z.object({
	userId: userIdSchema,
	monthlyUsd: monthlyUsdSchema.nullable(),
	requestsPerMinute: requestsPerMinuteSchema.nullable()
});
export type SetBudgetInput = z.infer<typeof setBudgetInput>;

/** null: no default (users without their own value have no limit). */
export const setBudgetDefaultInput = z.object({
	monthlyUsd: monthlyUsdSchema.nullable(),
	requestsPerMinute: requestsPerMinuteSchema.nullable(),
	allowUnpricedModels: z.boolean({ error: 'allowUnpricedModels must be true or false' })
});
export type SetBudgetDefaultInput = z.infer<typeof setBudgetDefaultInput>;
