import {
	getModelInput,
	getModelOutput,
	listModelsInput,
	listModelsOutput
} from '$lib/schemas/models';
import { getModel, listModels } from '$lib/server/models/service';
import { optionalBedrockProcedure, router } from '../init';

export const modelsRouter = router({
	list: optionalBedrockProcedure
		.input(listModelsInput)
		.output(listModelsOutput)
		.query(async ({ ctx, input }) => listModels(ctx.access, input)),

	get: optionalBedrockProcedure
		.input(getModelInput)
		.output(getModelOutput)
		.query(async ({ ctx, input }) => getModel(ctx.access, input.modelId))
});
