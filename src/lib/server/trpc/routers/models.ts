import {
	getModelInput,
	getModelOutput,
	listModelsInput,
	listModelsOutput
} from '$lib/schemas/models';
import { getModel, listModels } from '$lib/server/models/service';
import { awsCallProcedure } from '$lib/server/limits/procedures';
import { router } from '../init';

export const modelsRouter = router({
	list: awsCallProcedure
		.input(listModelsInput)
		.output(listModelsOutput)
		.query(async ({ ctx, input }) => listModels(ctx.access, input, ctx.awsSlot)),

	get: awsCallProcedure
		.input(getModelInput)
		.output(getModelOutput)
		.query(async ({ ctx, input }) => getModel(ctx.access, input.modelId, ctx.awsSlot))
});
