import {
	credentialsGetOutput,
	credentialsListOutput,
	credentialsViewSchema,
	deleteCredentialsForUserInput,
	deleteCredentialsOutput,
	saveCredentialsForUserInput,
	saveCredentialsInput
} from '$lib/schemas/credentials';
import {
	deleteCredentials,
	getCredentials,
	listAllCredentials,
	saveCredentials
} from '$lib/server/credentials/store';
import { adminProcedure, protectedProcedure, router } from '../init';

export const credentialsRouter = router({
	get: protectedProcedure
		.output(credentialsGetOutput)
		.query(({ ctx }) => getCredentials(ctx.db, ctx.user.id)),

	save: protectedProcedure
		.input(saveCredentialsInput)
		.output(credentialsViewSchema)
		.mutation(({ ctx, input }) => saveCredentials(ctx.db, ctx.user.id, input)),

	delete: protectedProcedure
		.output(deleteCredentialsOutput)
		.mutation(({ ctx }) => deleteCredentials(ctx.db, ctx.user.id)),

	list: adminProcedure.output(credentialsListOutput).query(({ ctx }) => listAllCredentials(ctx.db)),

	saveForUser: adminProcedure
		.input(saveCredentialsForUserInput)
		.output(credentialsViewSchema)
		.mutation(({ ctx, input: { userId, ...credentials } }) =>
			saveCredentials(ctx.db, userId, credentials)
		),

	deleteForUser: adminProcedure
		.input(deleteCredentialsForUserInput)
		.output(deleteCredentialsOutput)
		.mutation(({ ctx, input }) => deleteCredentials(ctx.db, input.userId))
});
