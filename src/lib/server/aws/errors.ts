/**
 * Turns whatever the AWS SDK (or the network under it) threw into one safe, explained failure.
 *
 * Why this exists: SDK errors carry more than we want to show — Bedrock's InvalidSignature
 * message embeds the canonical request, which includes the `x-amz-security-token` header — so
 * the raw error never leaves this module. What leaves is a `BedrockCallError` with the AWS
 * error name, a short redacted message and a hint from the table in hints.ts.
 * It is an `AppError`, so `src/lib/server/errors.ts` (the one funnel to TRPCError) maps it
 * and its formatter puts `awsError` and `hint` into `error.data`; raw SDK errors that escape
 * anyway are caught by the mapper registered at the bottom of this file.
 */
import { TRPCError } from '@trpc/server';
import { AppError, registerErrorMapper } from '../errors';
import { findHintRow, type HintCode, type HintContext } from './hints';

/**
 * An AppError (so the tRPC error formatter puts `awsError` and `hint` into `error.data`)
 * that also keeps which hint row matched. Its message is AWS's own, redacted.
 */
export class BedrockCallError extends AppError {
	declare readonly awsError: string;
	declare readonly hint: string;
	declare readonly code: HintCode;
	constructor(
		/** AWS error name (e.g. `AccessDeniedException`) or network error code. */
		awsError: string,
		message: string,
		hint: string,
		readonly hintId: string,
		code: HintCode,
		readonly retryable: boolean,
		readonly httpStatus?: number
	) {
		super(code, message, { awsError, hint, dependency: 'aws', retryable });
		this.name = 'BedrockCallError';
	}
}

interface SdkLikeError {
	name?: unknown;
	code?: unknown;
	message?: unknown;
	cause?: unknown;
	$metadata?: { httpStatusCode?: number };
}

const MAX_MESSAGE = 400;

/** Removes anything secret-shaped from an AWS message and keeps it short. */
export function redactAwsMessage(
	message: string,
	secrets: readonly (string | undefined)[] = []
): string {
	let text = message.split(/\n\s*\n/)[0] ?? message; // drop "The Canonical String for this request…"
	for (const secret of secrets) {
		if (secret && secret.length >= 8) text = text.split(secret).join('[redacted]');
	}
	text = text
		.replace(/(x-amz-security-token[:=]\s*)\S+/gi, '$1[redacted]')
		.replace(/(Signature=)[0-9a-f]{64}/gi, '$1[redacted]')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/** The name the hint table is keyed on: AWS error name, else Node's error code. */
export function failureName(err: unknown): string {
	const e = (err ?? {}) as SdkLikeError;
	const cause = (e.cause ?? {}) as SdkLikeError;
	const code =
		typeof e.code === 'string' ? e.code : typeof cause.code === 'string' ? cause.code : undefined;
	const name = typeof e.name === 'string' ? e.name : undefined;
	// Network failures surface as plain `Error`s with a Node code.
	if (code && (!name || name === 'Error' || name === 'SystemError')) return code;
	if (name && name !== 'Error') return name;
	return code ?? 'Error';
}

export function describeAwsError(
	err: unknown,
	ctx: HintContext = {},
	secrets: readonly (string | undefined)[] = []
): BedrockCallError {
	if (err instanceof BedrockCallError) return err;
	const e = (err ?? {}) as SdkLikeError;
	const name = failureName(err);
	const rawMessage = typeof e.message === 'string' && e.message ? e.message : name;
	const message = redactAwsMessage(rawMessage, secrets);
	const row = findHintRow({ name, message });
	return new BedrockCallError(
		name,
		message,
		row.hint(ctx, { name, message }),
		row.id,
		row.code,
		row.retryable,
		e.$metadata?.httpStatusCode
	);
}

/** For places tRPC's error middleware does not reach (subscriptions, after the first event). */
export function toBedrockTRPCError(failure: BedrockCallError): TRPCError {
	return new TRPCError({ code: failure.code, message: failure.message, cause: failure });
}

/** True for errors thrown by the AWS SDK (they carry `$metadata`, or `$fault`). */
function isSdkError(err: unknown): boolean {
	return typeof err === 'object' && err !== null && ('$metadata' in err || '$fault' in err);
}

// Safety net: an SDK error that escaped a domain function still reaches the client as a
// redacted message with the AWS name and a hint, never as a raw SDK message.
registerErrorMapper((err) =>
	isSdkError(err) ? toBedrockTRPCError(describeAwsError(err)) : undefined
);
