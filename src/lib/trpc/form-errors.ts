/**
 * One funnel from a failure to what a form shows: a message for the top of the form (or a
 * toast) plus messages per field. Used for the shared zod schemas before sending and for
 * tRPC errors after. The mapping of tRPC errors is the client package's `describeError`
 * (packages/client/src/errors.ts), so programs and pages read failures the same way; this
 * adds what only pages meet (the browser's clipboard permission) and zod's client-side errors.
 */
import { z, type ZodError } from 'zod';
import { describeError, type FieldErrors } from '../../../packages/client/src/errors';

export { displayable, GENERIC_MESSAGE, NETWORK_MESSAGE } from '../../../packages/client/src/errors';
export type { FieldErrors };

export type FormErrors = {
	message: string;
	fieldErrors: FieldErrors;
	/** AWS error name, e.g. `UnrecognizedClientException`, when AWS refused. */
	awsError?: string;
	/** What to do about it, when the server knows. */
	hint?: string;
};

/** Client-side validation failure → the same shape the server's field errors take. */
export function formErrorsFromZod(
	error: ZodError,
	message = 'Please fix the highlighted fields.'
): FormErrors {
	return { message, fieldErrors: z.flattenError(error).fieldErrors as FieldErrors };
}

/** Any thrown value from a tRPC call → message + field errors (never throws). */
export function formErrorsFrom(err: unknown): FormErrors {
	// The browser said no (clipboard access refused, or the page was not focused).
	if (err instanceof DOMException && err.name === 'NotAllowedError')
		return { message: NOT_ALLOWED_MESSAGE, fieldErrors: {} };
	const { code: _code, ...described } = describeError(err);
	return described;
}

/** The one browser permission the app asks for is the clipboard's. */
export const NOT_ALLOWED_MESSAGE =
	'The browser refused clipboard access: allow it for this site, or select the text and copy it yourself.';
