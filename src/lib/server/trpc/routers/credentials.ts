import {
	credentialsGetOutput,
	credentialsListOutput,
	credentialsViewSchema,
	deleteCredentialsForUserInput,
	deleteCredentialsOutput,
	saveCredentialsForUserInput,
	saveCredentialsInput,
	setRegionForUserInput,
	setRegionInput,
	trustPolicyInput,
	trustPolicyOutput
} from '$lib/schemas/credentials';
import { trustPolicyFor } from '$lib/server/credentials/trust-policy';
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

	/** The user's external ID and the trust policy to paste into IAM (creates the ID on first use). */
	trustPolicy: protectedProcedure
		.input(trustPolicyInput)
		.output(trustPolicyOutput)
		.query(({ ctx, input }) => trustPolicyFor(ctx.db, ctx.user.id, input.via)),

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
