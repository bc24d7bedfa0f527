/**
 * tRPC setup: the one place procedures get their context type, error shape and auth.
 *
 * 1. initTRPC with the error formatter (what clients see when something fails)
 * 2. error mapping middleware (domain errors → the right tRPC code)
 * 3. procedure types: public, protected (signed in), bedrock (signed in, with AWS access), admin
 *
 * Auth lives in procedure types, not in `if`s inside resolvers, so a resolver on
 * `protectedProcedure` can rely on `ctx.user` being set.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import {
	AppError,
	appErrorDetails,
	GENERIC_INTERNAL_MESSAGE,
	toTRPCError,
	zodSummary
} from '$lib/server/errors';
import { noCredentialsError } from '$lib/server/access/no-credentials';
import { bedrockAccessFor, ownBedrockAccess } from '$lib/server/access/resolve';
import type { Context } from './context';

// ---------------------------------------------------------------------------------------
// 1. initTRPC and the error shape
// ---------------------------------------------------------------------------------------

/** `z.flattenError` output: form-level messages and messages per top-level field. */
export type FlattenedZodError = {
	formErrors: string[];
	fieldErrors: Record<string, string[] | undefined>;
};

const t = initTRPC.context<Context>().create({
	// Stack traces never leave the server, whatever NODE_ENV says.
	isDev: false,
	errorFormatter({ shape, error }) {
		const { stack: _stack, ...data } = shape.data;
		const cause = error.cause;
		const zodError: FlattenedZodError | null =
			error.code === 'BAD_REQUEST' && cause instanceof ZodError ? z.flattenError(cause) : null;

		let message = shape.message;
		if (zodError && cause instanceof ZodError) message = zodSummary(cause);
		// An unexpected error's message may quote internals (SQL, hosts, values): hide it.
		if (error.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof AppError))
			message = GENERIC_INTERNAL_MESSAGE;
		// tRPC passes on JSON.parse's own message for a body it cannot read, and V8's quotes a
		// snippet of the input: for credentials.save, the start of the secret.
		if (
			cause instanceof SyntaxError &&
			(error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR')
		)
			message = 'The request body is not valid JSON.';

		return { ...shape, message, data: { ...data, zodError, ...appErrorDetails(cause) } };
	},
	sse: {
		// Keeps idle streams alive through proxies while a model is thinking.
		ping: { enabled: true, intervalMs: 10_000 }
	}
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

// ---------------------------------------------------------------------------------------
// 2. Error mapping: a resolver that throws an AppError, a Postgres or an auth error gets
//    the matching code (FORBIDDEN, CONFLICT, ...) instead of a 500. tRPC has already
//    wrapped it as INTERNAL_SERVER_ERROR with the original as `cause`.
// ---------------------------------------------------------------------------------------

const mapDomainErrors = t.middleware(async ({ next }) => {
	const result = await next();
	if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
		const cause = result.error.cause;
		if (cause && !(cause instanceof TRPCError)) {
			const mapped = toTRPCError(cause);
			if (mapped.code !== 'INTERNAL_SERVER_ERROR' || cause instanceof AppError) throw mapped;
		}
	}
	return result;
});

// ---------------------------------------------------------------------------------------
// 3. Procedure types
// ---------------------------------------------------------------------------------------

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Signed-in users; `ctx.user` and `ctx.claims` are non-null downstream. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
	if (!ctx.user || !ctx.claims) {
		throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to continue.' });
	}
	return next({ ctx: { ...ctx, user: ctx.user, claims: ctx.claims } });
});

/**
 * Signed-in users with saved AWS credentials: `ctx.access` is resolved once (one RLS read, or
 * its few seconds' cache: access/resolve.ts `ownBedrockAccess`), or the call fails with the one "no credentials" error (PRECONDITION_FAILED).
 */
export const bedrockProcedure = protectedProcedure.use(async ({ ctx, next }) => {
	const access = await ownBedrockAccess(ctx.db, ctx.user.id);
	if (!access) throw noCredentialsError();
	return next({ ctx: { ...ctx, access } });
});

/** The same where sample data stands in without credentials (models.*): `ctx.access` may be null. */
export const optionalBedrockProcedure = protectedProcedure.use(async ({ ctx, next }) =>
	next({ ctx: { ...ctx, access: await ownBedrockAccess(ctx.db, ctx.user.id) } })
);

/**
 * As `optionalBedrockProcedure`, with the row read as stored now, never from the cache: a
 * connection test must test what was just saved, on whichever instance it was saved.
 */
export const storedBedrockProcedure = protectedProcedure.use(async ({ ctx, next }) =>
	next({ ctx: { ...ctx, access: await bedrockAccessFor(ctx.db, ctx.user.id) } })
);

/** Admins: `app_metadata.role === 'admin'` in a verified token. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
	if (!ctx.isAdmin) {
		throw new TRPCError({ code: 'FORBIDDEN', message: 'This action needs the admin role.' });
	}
	return next({ ctx: { ...ctx, isAdmin: true as const } });
});
