/**
 * Procedure types that put the limits in front of AWS (the routers pick one per procedure):
 *
 * - `awsCallProcedure`: signed in, and at most LIMIT_INFLIGHT_PER_USER of these running for the
 *   user on this instance. A stream holds its slot until it ends or the client goes away.
 * - `invokeProcedure`: the same, plus LIMIT_INVOKES_PER_MINUTE per user across all instances,
 *   decided in Postgres. For invoke.* and connection.test: the calls that cost money.
 *
 * Refusals are TOO_MANY_REQUESTS with `data.retryAfterSeconds` (and a `Retry-After` header),
 * before any AWS call.
 */
import { AppError } from '../errors';
import { takeRateLimitSlot } from '../db/rate-limits';
import { protectedProcedure } from '../trpc/init';
import { limitsFromEnv } from './config';
import { InflightLimiter, releasingWhenDone } from './inflight';

const inflight = new InflightLimiter(() => limitsFromEnv().inflightPerUser);

/** Model calls take seconds; a short wait is the honest estimate of when a slot frees up. */
const INFLIGHT_RETRY_SECONDS = 2;
const RATE_WINDOW_SECONDS = 60;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
	return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export const awsCallProcedure = protectedProcedure.use(async ({ ctx, type, next }) => {
	const limit = limitsFromEnv().inflightPerUser;
	const release = inflight.tryAcquire(ctx.user.id);
	if (!release) {
		throw new AppError(
			'TOO_MANY_REQUESTS',
			`You already have ${limit} AWS calls running (the most one account may run at once). Try again when one has finished.`,
			{ retryAfterSeconds: INFLIGHT_RETRY_SECONDS }
		);
	}
	// Whatever happens to the request, its slot comes back when the client goes away.
	ctx.signal?.addEventListener('abort', release, { once: true });
	let result: Awaited<ReturnType<typeof next>>;
	try {
		result = await next();
	} catch (error) {
		release();
		throw error;
	}
	if (type === 'subscription' && result.ok && isAsyncIterable(result.data)) {
		return { ...result, data: releasingWhenDone(result.data, release) };
	}
	release();
	return result;
});

export const invokeProcedure = awsCallProcedure.use(async ({ ctx, next }) => {
	const limit = limitsFromEnv().invokesPerMinute;
	const decision = await takeRateLimitSlot(`invoke:${ctx.user.id}`, limit, RATE_WINDOW_SECONDS);
	if (!decision.allowed) {
		const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
		throw new AppError(
			'TOO_MANY_REQUESTS',
			`You have used all ${limit} model calls and connection tests allowed per minute. Try again in ${seconds} s.`,
			{ retryAfterSeconds: seconds }
		);
	}
	return next();
});
