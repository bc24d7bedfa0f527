import { TRPCError } from '@trpc/server';
import { usageListInput, usageListOutput } from '$lib/schemas/usage';
import { listUsage } from '$lib/server/usage/list';
import { protectedProcedure, router } from '../init';

export const usageRouter = router({
	list: protectedProcedure
		.input(usageListInput)
		.output(usageListOutput)
		.query(({ ctx, input }) => {
			const other = input.all || (input.userId !== undefined && input.userId !== ctx.user.id);
			if (other && !ctx.isAdmin)
				throw new TRPCError({
					code: 'FORBIDDEN',
					message: 'Only admins can read other users’ usage (userId or all).'
				});
			return listUsage(ctx.db, ctx.user.id, input);
		})
});
