/**
 * One contract for what a failed call means, shared by this package and the app's own pages
 * (src/lib/trpc/form-errors.ts builds on it): the tRPC code, a message fit to show a person,
 * zod's messages per field for bad input, and for AWS failures the AWS error name and what to
 * do about it. The server's error formatter puts these in `data.zodError`, `data.awsError`
 * and `data.hint`.
 */
import { TRPCClientError } from '@trpc/client';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { SignInRequiredError } from './sign-in-required.js';

export type FieldErrors = Record<string, string[] | undefined>;

export type BedrockAdminErrorCode =
	| TRPC_ERROR_CODE_KEY
	/** The server could not be reached, or answered something that is not tRPC. */
	| 'NETWORK_ERROR'
	/** A failure on the caller's side (a bug, not an answer from the server). */
	| 'CLIENT_ERROR';

export type BedrockAdminError = {
	code: BedrockAdminErrorCode;
	message: string;
	/** zod's messages per top-level input field (`BAD_REQUEST`); empty otherwise. */
	fieldErrors: FieldErrors;
	/** AWS error name, e.g. `UnrecognizedClientException`, when AWS refused. */
	awsError?: string;
	/** What to do about it, when the server knows. */
	hint?: string;
};

type ErrorData = {
	code?: TRPC_ERROR_CODE_KEY;
	zodError?: { formErrors?: string[]; fieldErrors?: FieldErrors } | null;
	awsError?: string;
	hint?: string;
};

export const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';
export const GENERIC_MESSAGE = 'Something went wrong. Please try again.';
export const FIELD_ERRORS_MESSAGE = 'The server refused some fields; see the messages below.';

/** Any value a call threw → `{ code, message, fieldErrors, awsError?, hint? }`; never throws. */
export function describeError(err: unknown): BedrockAdminError {
	if (err instanceof SignInRequiredError)
		return { code: 'UNAUTHORIZED', message: err.message, fieldErrors: {} };
	if (err instanceof TRPCClientError) {
		const data = (err.data ?? undefined) as ErrorData | undefined;
		// No tRPC error body: the request never got an answer from the API.
		if (!data) return { code: 'NETWORK_ERROR', message: NETWORK_MESSAGE, fieldErrors: {} };
		const fieldErrors = data.zodError?.fieldErrors ?? {};
		const hasFieldErrors = Object.values(fieldErrors).some((m) => m && m.length > 0);
		return {
			// The server's formatter always sends a code; a body without one is not a known answer.
			code: data.code ?? 'INTERNAL_SERVER_ERROR',
			message: hasFieldErrors ? FIELD_ERRORS_MESSAGE : displayable(err.message) || GENERIC_MESSAGE,
			fieldErrors,
			...(data.awsError ? { awsError: displayable(data.awsError) } : {}),
			...(data.hint ? { hint: displayable(data.hint) } : {})
		};
	}
	// fetch throws a TypeError when the network fails.
	if (err instanceof TypeError)
		return { code: 'NETWORK_ERROR', message: NETWORK_MESSAGE, fieldErrors: {} };
	return { code: 'CLIENT_ERROR', message: GENERIC_MESSAGE, fieldErrors: {} };
}

const MAX_LENGTH = 400;
/** A stack frame line ("    at fn (file:1:2)"): everything from the first one on is dropped. */
const STACK_FRAME = /\n\s*at\s[\s\S]*$/;
/**
 * What a secret looks like, in case one ever reaches a message (the server's error formatter
 * already hides internals; this is the last line before a person's screen or a log): an AWS
 * secret key (40 base64 characters), a session token or other long base64 run, a JWT.
 */
const SECRET_SHAPES = [
	/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g,
	/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{100,}/g,
	/(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g
];

/** A message fit to show: first part only (no stack), no secret-shaped runs, bounded. */
export function displayable(text: string): string {
	let out = text.replace(STACK_FRAME, '').trim();
	for (const shape of SECRET_SHAPES) out = out.replace(shape, '[hidden]');
	return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH - 1)}…` : out;
}
