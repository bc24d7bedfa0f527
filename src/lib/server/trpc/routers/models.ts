import {
	getModelInput,
	getModelOutput,
	listModelsInput,
	listModelsOutput
} from '$lib/schemas/models';
import { getModel, listModels } from '$lib/server/models/service';
import { bedrockAccessFor } from '$lib/server/access/resolve';
import { awsCallProcedure } from '$lib/server/limits/procedures';
import { router } from '../init';

export const modelsRouter = router({
	list: awsCallProcedure
		.input(listModelsInput)
		.output(listModelsOutput)
		.query(async ({ ctx, input }) =>
			listModels(await bedrockAccessFor(ctx.db, ctx.user.id), input)
		),

	get: awsCallProcedure
		.input(getModelInput)
		.output(getModelOutput)
		.query(async ({ ctx, input }) =>
			getModel(await bedrockAccessFor(ctx.db, ctx.user.id), input.modelId)
		)
});
