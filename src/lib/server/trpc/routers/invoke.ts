import {
	converseInput,
	converseOutput,
	invokeModelInput,
	invokeModelOutput
} from '$lib/schemas/invoke';
import {
	converseStreamWith,
	converseWith,
	invokeModelWith
} from '$lib/server/bedrock/invoke-service';
import { bedrockAccessFor } from '$lib/server/credentials/access';
import { toTRPCError } from '$lib/server/errors';
import { protectedProcedure, router } from '../init';

export const invokeRouter = router({
	converse: protectedProcedure
		.input(converseInput)
		.output(converseOutput)
		.mutation(async ({ ctx, input }) =>
			converseWith(await bedrockAccessFor(ctx.db, ctx.user.id), input)
		),

	// Server-sent events. `signal` fires when the client goes away; it aborts the AWS stream.
	converseStream: protectedProcedure.input(converseInput).subscription(async function* ({
		ctx,
		input,
		signal
	}) {
		try {
			yield* converseStreamWith(await bedrockAccessFor(ctx.db, ctx.user.id), input, signal);
		} catch (err) {
			// Errors inside a stream bypass the error middleware: map them here.
			throw toTRPCError(err);
		}
	}),

	invokeModel: protectedProcedure
		.input(invokeModelInput)
		.output(invokeModelOutput)
		.mutation(async ({ ctx, input }) =>
			invokeModelWith(await bedrockAccessFor(ctx.db, ctx.user.id), input)
		)
});
