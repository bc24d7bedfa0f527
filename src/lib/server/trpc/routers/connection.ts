import {
	connectionLastForAllOutput,
	connectionLastOutput,
	connectionTestInput,
	connectionTestResultSchema
} from '$lib/schemas/connection';
import {
	lastConnectionTest,
	lastConnectionTestsForAll,
	testConnection
} from '$lib/server/connection-test/service';
import { invokeProcedure } from '$lib/server/limits/procedures';
import { adminProcedure, protectedProcedure, router } from '../init';

export const connectionRouter = router({
	test: invokeProcedure
		.input(connectionTestInput)
		.output(connectionTestResultSchema)
		.mutation(({ ctx, input }) => testConnection(ctx.db, ctx.user.id, input.includeInvocation)),

	last: protectedProcedure
		.output(connectionLastOutput)
		.query(({ ctx }) => lastConnectionTest(ctx.db, ctx.user.id)),

	lastForAll: adminProcedure
		.output(connectionLastForAllOutput)
		.query(({ ctx }) => lastConnectionTestsForAll(ctx.db))
});
