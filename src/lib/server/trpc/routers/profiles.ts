import {
	createProfileInput,
	deleteProfileOutput,
	listProfilesInput,
	listProfilesOutput,
	profileArnInput,
	profileSchema
} from '$lib/schemas/profiles';
import { createProfileFor, deleteProfileFor, listProfilesFor } from '$lib/server/profiles/service';
import { adminAwsProcedure, ownAwsProcedure } from '../aws-procedures';
import { router } from '../init';

export const profilesRouter = router({
	list: ownAwsProcedure
		.input(listProfilesInput)
		.output(listProfilesOutput)
		.query(({ ctx, input }) => listProfilesFor(ctx.access, input)),

	create: adminAwsProcedure
		.input(createProfileInput)
		.output(profileSchema)
		.mutation(({ ctx, input }) => createProfileFor(ctx.access, input)),

	delete: adminAwsProcedure
		.input(profileArnInput)
		.output(deleteProfileOutput)
		.mutation(({ ctx, input }) => deleteProfileFor(ctx.access, input.arn))
});
