import {
	getModelInput,
	getModelOutput,
	listModelsInput,
	listModelsOutput
} from '$lib/schemas/models';
import { getModel, listModels } from '$lib/server/models/service';
import { bedrockAccessFor } from '$lib/server/access/resolve';
import { protectedProcedure, router } from '../init';

export const modelsRouter = router({
	list: protectedProcedure
		.input(listModelsInput)
		.output(listModelsOutput)
		.query(async ({ ctx, input }) =>
			listModels(await bedrockAccessFor(ctx.db, ctx.user.id), input)
		),

	get: protectedProcedure
		.input(getModelInput)
		.output(getModelOutput)
		.query(async ({ ctx, input }) =>
			getModel(await bedrockAccessFor(ctx.db, ctx.user.id), input.modelId)
		)
});
