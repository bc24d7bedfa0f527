import {
	credentialsGetOutput,
	credentialsListOutput,
	credentialsViewSchema,
	deleteCredentialsForUserInput,
	deleteCredentialsOutput,
	saveCredentialsForUserInput,
	saveCredentialsInput,
	setRegionForUserInput,
	setRegionInput
} from '$lib/schemas/credentials';
import {
	changeCredentialsRegion,
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

	setRegion: protectedProcedure
		.input(setRegionInput)
		.output(credentialsViewSchema)
		.mutation(({ ctx, input }) => changeCredentialsRegion(ctx.db, ctx.user.id, input.region)),

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

	setRegionForUser: adminProcedure
		.input(setRegionForUserInput)
		.output(credentialsViewSchema)
		.mutation(({ ctx, input }) => changeCredentialsRegion(ctx.db, input.userId, input.region)),

	deleteForUser: adminProcedure
		.input(deleteCredentialsForUserInput)
		.output(deleteCredentialsOutput)
		.mutation(({ ctx, input }) => deleteCredentials(ctx.db, input.userId))
});
