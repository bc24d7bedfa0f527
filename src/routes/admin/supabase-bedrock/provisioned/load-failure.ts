import { TRPCError } from '@trpc/server';
import { appErrorDetails } from '$lib/server/errors';

/** A procedure failure as the page shows it: the message and, when known, AWS's name and hint. */
export function describeFailure(reason: unknown): {
	message: string;
	awsError?: string;
	hint?: string;
} {
	if (!(reason instanceof TRPCError))
		return { message: 'The provisioned throughputs could not be read.' };
	const details = appErrorDetails(reason.cause);
	return {
		message:
			reason.code === 'INTERNAL_SERVER_ERROR'
				? 'The provisioned throughputs could not be read.'
				: reason.message,
		...(details.awsError ? { awsError: details.awsError } : {}),
		...(details.hint ? { hint: details.hint } : {})
	};
}
