import { TRPCError } from '@trpc/server';
import {
	usageExportInput,
	usageExportOutput,
	usageListInput,
	usageListOutput,
	usageSummaryInput,
	usageSummaryOutput
} from '$lib/schemas/usage';
import { exportUsage } from '$lib/server/usage/export';
import { listUsage } from '$lib/server/usage/list';
import { summarizeUsage } from '$lib/server/usage/summary';
import { protectedProcedure, router } from '../init';

/** userId (another user's) and all are for admins; everyone else sees only their own rows. */
function assertMayRead(
	ctx: { isAdmin: boolean; user: { id: string } },
	input: { userId?: string; all?: boolean }
) {
	const other = input.all || (input.userId !== undefined && input.userId !== ctx.user.id);
	if (other && !ctx.isAdmin)
		throw new TRPCError({
			code: 'FORBIDDEN',
			message: 'Only admins can read other users’ usage (userId or all).'
		});
}

export const usageRouter = router({
	list: protectedProcedure
		.input(usageListInput)
		.output(usageListOutput)
		.query(({ ctx, input }) => {
			assertMayRead(ctx, input);
			return listUsage(ctx.db, ctx.user.id, input);
		}),

	summary: protectedProcedure
		.input(usageSummaryInput)
		.output(usageSummaryOutput)
		.query(({ ctx, input }) => {
			assertMayRead(ctx, input);
			return summarizeUsage(ctx.db, ctx.user.id, input);
		}),

	export: protectedProcedure
		.input(usageExportInput)
		.output(usageExportOutput)
		.query(({ ctx, input }) => {
			assertMayRead(ctx, input);
			return exportUsage(ctx.db, ctx.user.id, input);
		})
});
