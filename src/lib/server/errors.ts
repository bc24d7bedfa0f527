/**
 * The one place where AWS, Postgres, auth and validation errors become `TRPCError`s.
 *
 * Why one place: every procedure should fail the same way (a human message, the
 * original as `cause`, and for AWS an error name plus a fix hint), and no raw driver or
 * SDK message should reach a client by accident (a Postgres `detail` can quote row
 * values). Domain code throws `AppError` for failures it understands; anything else is
 * mapped here, or becomes a generic INTERNAL_SERVER_ERROR whose message is not exposed.
 *
 * Extending: a domain (e.g. Bedrock) registers a mapper with `registerErrorMapper` from
 * its own module, or throws `AppError` with `awsError`/`hint` directly.
 */
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { error as kitError } from '@sveltejs/kit';
import { ZodError } from 'zod';
import type { BudgetFigures } from '../schemas/budgets';

/** The services this server depends on; named in `error.data.dependency` when one fails. */
export type Dependency = 'database' | 'auth' | 'aws';

/** Extra, client-safe details carried to `error.data` by the tRPC error formatter. */
export type AppErrorDetails = {
	/** Which dependency failed, when the failure is theirs rather than the request's. */
	dependency?: Dependency;
	/** Whether sending the same request again may succeed (a fault, not a refusal). */
	retryable?: boolean;
	/** AWS error name, e.g. `UnrecognizedClientException`, `AccessDeniedException`. */
	awsError?: string;
	/** What the user can do about it, e.g. "Enable model access in the Bedrock console". */
	hint?: string;
	/** For TOO_MANY_REQUESTS: when trying again can succeed (also sent as `Retry-After`). */
	retryAfterSeconds?: number;
	/** For PAYMENT_REQUIRED: the month's budget figures (limit, spent, reserved, reset). */
	budget?: BudgetFigures;
};

/**
 * A failure whose `message` is written for the user and safe to show. Never put a secret
 * (AWS secret key, session token, password) in `message`, `hint` or `cause`.
 */
export class AppError extends Error implements AppErrorDetails {
	readonly code: TRPC_ERROR_CODE_KEY;
	readonly awsError?: string;
	readonly hint?: string;
	readonly dependency?: Dependency;
	readonly retryable?: boolean;
	readonly retryAfterSeconds?: number;
	readonly budget?: BudgetFigures;

	constructor(
		code: TRPC_ERROR_CODE_KEY,
		message: string,
		details: AppErrorDetails & { cause?: unknown } = {}
	) {
		super(message, details.cause === undefined ? undefined : { cause: details.cause });
		this.name = 'AppError';
		this.code = code;
		this.awsError = details.awsError;
		this.hint = details.hint;
		this.dependency = details.dependency;
		this.retryable = details.retryable;
		this.retryAfterSeconds = details.retryAfterSeconds;
		this.budget = details.budget;
	}
}

/** Returns a TRPCError for errors it recognises, `undefined` otherwise. */
export type ErrorMapper = (err: unknown) => TRPCError | undefined;

const registeredMappers: ErrorMapper[] = [];

/** Adds a domain mapper (e.g. AWS SDK exceptions); mappers run in registration order. */
export function registerErrorMapper(mapper: ErrorMapper): void {
	if (!registeredMappers.includes(mapper)) registeredMappers.push(mapper);
}

export const GENERIC_INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again.';

export function toTRPCError(err: unknown): TRPCError {
	if (err instanceof TRPCError) return err;
	if (err instanceof AppError)
		return new TRPCError({ code: err.code, message: err.message, cause: err });
	if (err instanceof ZodError)
		return new TRPCError({ code: 'BAD_REQUEST', message: zodSummary(err), cause: err });
	for (const mapper of registeredMappers) {
		const mapped = mapper(err);
		if (mapped) return mapped;
	}
	return (
		fromPostgres(err) ??
		fromAuth(err) ??
		new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: GENERIC_INTERNAL_MESSAGE, cause: err })
	);
}

/** Client-safe details of a cause, for the error formatter. */
export function appErrorDetails(cause: unknown): AppErrorDetails {
	if (!(cause instanceof AppError)) return {};
	const details: AppErrorDetails = {};
	if (cause.awsError) details.awsError = cause.awsError;
	if (cause.hint) details.hint = cause.hint;
	if (cause.dependency) details.dependency = cause.dependency;
	if (typeof cause.retryable === 'boolean') details.retryable = cause.retryable;
	if (cause.retryAfterSeconds !== undefined) details.retryAfterSeconds = cause.retryAfterSeconds;
	if (cause.budget) details.budget = cause.budget;
	return details;
}

/** "Invalid input: region: Unknown region; accessKeyId: Too short" */
export function zodSummary(err: ZodError): string {
	const parts = err.issues.slice(0, 5).map((issue) => {
		const path = issue.path.map(String).join('.');
		return path ? `${path}: ${issue.message}` : issue.message;
	});
	return `Invalid input: ${parts.join('; ')}`;
}

// --- Postgres (postgres.js `PostgresError`: SQLSTATE in `code`) -------------------------

const POSTGRES_ERRORS: Record<string, { code: TRPC_ERROR_CODE_KEY; message: string }> = {
	// RLS or column privileges said no.
	'42501': { code: 'FORBIDDEN', message: 'You are not allowed to access this data.' },
	'23505': { code: 'CONFLICT', message: 'That record already exists.' },
	'23503': { code: 'NOT_FOUND', message: 'A record this refers to does not exist.' },
	'23514': { code: 'BAD_REQUEST', message: 'The value is not allowed.' },
	'23502': { code: 'BAD_REQUEST', message: 'A required value is missing.' },
	'22P02': { code: 'BAD_REQUEST', message: 'A value has the wrong format.' },
	'57014': { code: 'TIMEOUT', message: 'The database took too long to answer.' }
};

function fromPostgres(err: unknown): TRPCError | undefined {
	if (!(err instanceof Error) || err.name !== 'PostgresError') return undefined;
	const sqlState = (err as Error & { code?: unknown }).code;
	const known = typeof sqlState === 'string' ? POSTGRES_ERRORS[sqlState] : undefined;
	// The driver's message and detail stay in `cause` for server logs, never in the response.
	return known ? new TRPCError({ ...known, cause: err }) : undefined;
}

// --- Supabase auth (auth-js `AuthError`: `__isAuthError`, HTTP `status`) ----------------

function fromAuth(err: unknown): TRPCError | undefined {
	if (typeof err !== 'object' || err === null || !('__isAuthError' in err)) return undefined;
	const status = (err as { status?: unknown }).status;
	if (status === 401 || status === 403) {
		return new TRPCError({
			code: 'UNAUTHORIZED',
			message: 'Your session is no longer valid. Please sign in again.',
			cause: err
		});
	}
	if (typeof status === 'number' && status >= 500) {
		return new TRPCError({
			code: 'SERVICE_UNAVAILABLE',
			message: 'The sign-in service is unavailable. Please try again shortly.',
			cause: err
		});
	}
	return undefined;
}

// --- From tRPC to SvelteKit (server loads calling procedures through createCaller) ------

const KIT_STATUS: Partial<Record<TRPC_ERROR_CODE_KEY, number>> = {
	BAD_REQUEST: 400,
	UNAUTHORIZED: 401,
	FORBIDDEN: 403,
	NOT_FOUND: 404,
	CONFLICT: 409,
	PRECONDITION_FAILED: 412,
	PAYMENT_REQUIRED: 402,
	TOO_MANY_REQUESTS: 429,
	BAD_GATEWAY: 502,
	SERVICE_UNAVAILABLE: 503,
	GATEWAY_TIMEOUT: 504,
	TIMEOUT: 504
};

/**
 * For `load` functions: rethrows a procedure failure as SvelteKit's `error()` so
 * `+error.svelte` shows the same message the API would have given.
 */
export function throwAsPageError(err: unknown): never {
	const trpcError = toTRPCError(err);
	const status = KIT_STATUS[trpcError.code] ?? 500;
	const message = status === 500 ? GENERIC_INTERNAL_MESSAGE : trpcError.message;
	const { dependency } = appErrorDetails(trpcError.cause);
	kitError(status, { message, code: trpcError.code, ...(dependency ? { dependency } : {}) });
}
