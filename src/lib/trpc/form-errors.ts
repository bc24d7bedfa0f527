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
				: displayable(err.message) || GENERIC_MESSAGE,
			fieldErrors,
			...(data.awsError ? { awsError: displayable(data.awsError) } : {}),
			...(data.hint ? { hint: displayable(data.hint) } : {})
		};
	}
	// The browser said no (clipboard access refused, or the page was not focused).
	if (err instanceof DOMException && err.name === 'NotAllowedError')
		return { message: NOT_ALLOWED_MESSAGE, fieldErrors: {} };
	if (err instanceof TypeError) return { message: NETWORK_MESSAGE, fieldErrors: {} };
	// Anything else is a bug on this side: its message and stack are for the console, not people.
	return { message: GENERIC_MESSAGE, fieldErrors: {} };
}

export const GENERIC_MESSAGE = 'Something went wrong. Please try again.';
/** The one browser permission the app asks for is the clipboard's. */
export const NOT_ALLOWED_MESSAGE =
	'The browser refused clipboard access: allow it for this site, or select the text and copy it yourself.';

const MAX_LENGTH = 400;
/** A stack frame line ("    at fn (file:1:2)"): everything from the first one on is dropped. */
const STACK_FRAME = /\n\s*at\s[\s\S]*$/;
/**
 * What a secret looks like, in case one ever reaches a message (the server's error formatter
 * already hides internals; this is the last line before a person's screen): an AWS secret key
 * (40 base64 characters), a session token or other long base64 run, a JWT.
 */
const SECRET_SHAPES = [
	/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g,
	/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{100,}/g,
	/(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g
];

/** A message fit for the page: first part only (no stack), no secret-shaped runs, bounded. */
export function displayable(text: string): string {
	let out = text.replace(STACK_FRAME, '').trim();
	for (const shape of SECRET_SHAPES) out = out.replace(shape, '[hidden]');
	return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH - 1)}…` : out;
}
