import {
	budgetDefaultsSchema,
	budgetListOutput,
	budgetStatusSchema,
	setBudgetDefaultInput,
	setBudgetInput
} from '$lib/schemas/budgets';
import {
	getOwnBudget,
	listBudgets,
	setBudget,
	setBudgetDefault
} from '$lib/server/budgets/service';
import { adminProcedure, protectedProcedure, router } from '../init';

export const budgetsRouter = router({
	get: protectedProcedure
		.output(budgetStatusSchema)
		.query(({ ctx }) => getOwnBudget(ctx.db, ctx.user.id)),

	list: adminProcedure.output(budgetListOutput).query(({ ctx }) => listBudgets(ctx.db)),

	set: adminProcedure
		.input(setBudgetInput)
		.output(budgetStatusSchema)
		.mutation(({ ctx, input }) => setBudget(ctx.db, input)),

	setDefault: adminProcedure
		.input(setBudgetDefaultInput)
		.output(budgetDefaultsSchema)
		.mutation(({ ctx, input }) => setBudgetDefault(ctx.db, input))
});
