/**
 * One funnel from a failure to what a form shows: a message for the top of the form (or a
 * toast) plus messages per field. Used for the shared zod schemas before sending and for
 * tRPC errors after (the server's error formatter puts zod field errors in `data.zodError`
 * and AWS details in `data.awsError` / `data.hint`).
 */
import { TRPCClientError } from '@trpc/client';
import { z, type ZodError } from 'zod';

export type FieldErrors = Record<string, string[] | undefined>;

export type FormErrors = {
	message: string;
	fieldErrors: FieldErrors;
	/** AWS error name, e.g. `UnrecognizedClientException`, when AWS refused. */
	awsError?: string;
	/** What to do about it, when the server knows. */
	hint?: string;
};

type ErrorData = {
	zodError?: { formErrors?: string[]; fieldErrors?: FieldErrors } | null;
	awsError?: string;
	hint?: string;
	httpStatus?: number;
};

export const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';

/** Client-side validation failure → the same shape the server's field errors take. */
export function formErrorsFromZod(
	error: ZodError,
	message = 'Please fix the highlighted fields.'
): FormErrors {
	return { message, fieldErrors: z.flattenError(error).fieldErrors as FieldErrors };
}

/** Any thrown value from a tRPC call → message + field errors (never throws). */
export function formErrorsFrom(err: unknown): FormErrors {
	if (err instanceof TRPCClientError) {
		const data = (err.data ?? undefined) as ErrorData | undefined;
		if (!data) return { message: NETWORK_MESSAGE, fieldErrors: {} };
		const fieldErrors = data.zodError?.fieldErrors ?? {};
		const hasFieldErrors = Object.values(fieldErrors).some((m) => m && m.length > 0);
		return {
			message: hasFieldErrors
				? 'The server refused some fields; see the messages below.'
				: err.message,
			fieldErrors,
			...(data.awsError ? { awsError: data.awsError } : {}),
			...(data.hint ? { hint: data.hint } : {})
		};
	}
	if (err instanceof TypeError) return { message: NETWORK_MESSAGE, fieldErrors: {} };
	return { message: 'Something went wrong. Please try again.', fieldErrors: {} };
}
