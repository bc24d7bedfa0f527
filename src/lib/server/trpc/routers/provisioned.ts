import {
	createProvisionedInput,
	deleteProvisionedOutput,
	listProvisionedOutput,
	provisionedArnInput,
	provisionedThroughputSchema,
	updateProvisionedInput
} from '$lib/schemas/provisioned';
import {
	createProvisionedFor,
	deleteProvisionedFor,
	getProvisionedFor,
	listProvisionedFor,
	updateProvisionedFor
} from '$lib/server/provisioned/service';
import { adminAwsProcedure } from '../aws-procedures';
import { router } from '../init';

export const provisionedRouter = router({
	list: adminAwsProcedure
		.output(listProvisionedOutput)
		.query(({ ctx }) => listProvisionedFor(ctx.access)),

	get: adminAwsProcedure
		.input(provisionedArnInput)
		.output(provisionedThroughputSchema)
		.query(({ ctx, input }) => getProvisionedFor(ctx.access, input.arn)),

	create: adminAwsProcedure
		.input(createProvisionedInput)
		.output(provisionedThroughputSchema)
		.mutation(({ ctx, input }) => createProvisionedFor(ctx.access, input)),

	update: adminAwsProcedure
		.input(updateProvisionedInput)
		.output(provisionedThroughputSchema)
		.mutation(({ ctx, input }) => updateProvisionedFor(ctx.access, input)),

	delete: adminAwsProcedure
		.input(provisionedArnInput)
		.output(deleteProvisionedOutput)
		.mutation(({ ctx, input }) => deleteProvisionedFor(ctx.access, input.arn))
});
