import {
	connectionLastForAllOutput,
	connectionLastOutput,
	connectionTestForUserInput,
	connectionTestInput,
	connectionTestResultSchema
} from '$lib/schemas/connection';
import {
	lastConnectionTest,
	lastConnectionTestsForAll,
	testConnection
} from '$lib/server/connection-test/service';
import { bedrockAccessFor } from '$lib/server/access/resolve';
import { connectionTestProcedure } from '$lib/server/limits/procedures';
import { adminProcedure, protectedProcedure, router } from '../init';

export const connectionRouter = router({
	// Without credentials the test still answers: its first check says what is missing.
	test: connectionTestProcedure
		.input(connectionTestInput)
		.output(connectionTestResultSchema)
		.mutation(({ ctx, input }) =>
			testConnection(
				ctx.db,
				{ actorId: ctx.user.id, userId: ctx.user.id },
				ctx.access,
				input.includeInvocation
			)
		),

	testForUser: adminProcedure
		.input(connectionTestForUserInput)
		.output(connectionTestResultSchema)
		.mutation(async ({ ctx, input }) =>
			testConnection(
				ctx.db,
				{ actorId: ctx.user.id, userId: input.userId },
				await bedrockAccessFor(ctx.db, input.userId),
				false
			)
		),

	last: protectedProcedure
		.output(connectionLastOutput)
		.query(({ ctx }) => lastConnectionTest(ctx.db, ctx.user.id)),

	lastForAll: adminProcedure
		.output(connectionLastForAllOutput)
		.query(({ ctx }) => lastConnectionTestsForAll(ctx.db))
});
