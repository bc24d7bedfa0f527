import { protectedProcedure, router } from '../init';

export const meRouter = router({
	get: protectedProcedure.query(({ ctx }) => ({
		id: ctx.user.id,
		email: ctx.user.email,
		isAdmin: ctx.user.isAdmin,
		role: ctx.user.isAdmin ? ('admin' as const) : ('user' as const)
	}))
});
