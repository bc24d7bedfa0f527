import { TRPCError } from '@trpc/server';
import {
	converseInput,
	converseOutput,
	invokeModelInput,
	invokeModelOutput
} from '$lib/schemas/invoke';
import { converseStreamWith, converseWith, invokeModelWith } from '$lib/server/invoke/service';
import { AppError, GENERIC_INTERNAL_MESSAGE, toTRPCError } from '$lib/server/errors';
import {
	endedByRestart,
	isServerRestarting,
	trackModelCall
} from '$lib/server/resilience/model-calls';
import { linkSignals } from '$lib/server/resilience/linked-signal';
import { assertConverseWithinCap, assertNativeBodyWithinCap } from '$lib/server/limits/max-tokens';
import { invokeProcedure } from '$lib/server/limits/procedures';
import { router } from '../init';

/**
 * tRPC's SSE client re-subscribes by itself after an error with one of these codes, which
 * for a model stream would silently run (and bill) the whole generation again. A failed
 * stream is reported as UNPROCESSABLE_CONTENT instead, with the same awsError and hint.
 */
const RESUBSCRIBING_CODES = new Set([
	'BAD_GATEWAY',
	'SERVICE_UNAVAILABLE',
	'GATEWAY_TIMEOUT',
	'INTERNAL_SERVER_ERROR'
]);

function streamFailure(err: unknown): TRPCError {
	const mapped = toTRPCError(err);
	if (!RESUBSCRIBING_CODES.has(mapped.code)) return mapped;
	const message = mapped.cause instanceof AppError ? mapped.message : GENERIC_INTERNAL_MESSAGE;
	return new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message, cause: mapped.cause });
}

const SERVER_RESTARTING = {
	type: 'interrupted',
	reason: 'server_restarting',
	message:
		'The server is restarting, so the answer was cut short here. Send the request again: another instance will answer.',
	retryable: true
} as const;

export const invokeRouter = router({
	converse: invokeProcedure
		.input(converseInput)
		.output(converseOutput)
		.mutation(async ({ ctx, input }) => {
			assertConverseWithinCap(input);
			return endedByRestart(ctx.signal, (signal) => converseWith(ctx.access, input, signal));
		}),

	// Server-sent events. `signal` fires when the client goes away; it aborts the AWS stream.
	// A shutdown (resilience/shutdown.ts) ends it too, with a last `interrupted` event.
	converseStream: invokeProcedure.input(converseInput).subscription(async function* ({
		ctx,
		input,
		signal
	}) {
		const tracked = trackModelCall();
		const stop = linkSignals([signal, tracked.signal]);
		try {
			assertConverseWithinCap(input);
			yield* converseStreamWith(ctx.access, input, stop.signal);
			if (isServerRestarting(tracked.signal)) yield SERVER_RESTARTING;
		} catch (err) {
			if (isServerRestarting(tracked.signal)) {
				yield SERVER_RESTARTING;
				return;
			}
			// Errors inside a stream bypass the error middleware: map them here.
			throw streamFailure(err);
		} finally {
			stop.dispose();
			tracked.done();
		}
	}),

	invokeModel: invokeProcedure
		.input(invokeModelInput)
		.output(invokeModelOutput)
		.mutation(async ({ ctx, input }) => {
			assertNativeBodyWithinCap(input);
			return endedByRestart(ctx.signal, (signal) => invokeModelWith(ctx.access, input, signal));
		})
});
