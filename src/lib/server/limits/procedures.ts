/**
 * Procedure types that put the limits in front of AWS (the routers pick one per procedure):
 *
 * - `awsCallProcedure` (models.*): signed in, with `ctx.awsSlot`, which runs the AWS request
 *   itself holding one of the user's LIMIT_INFLIGHT_PER_USER slots on this instance. A catalog
 *   answered from the cache, or by another request's fetch, makes no AWS call and takes none:
 *   counted around the whole procedure, a burst of cached reads resuming together (a page asks
 *   for two lists at once) was refused as if it were AWS calls.
 * - `connectionTestProcedure` and `invokeProcedure`: the same, plus a per-minute limit per user
 *   across all instances, decided in Postgres: the calls that cost money. The limit is the
 *   user's own or the admins' default (budgets.*), else LIMIT_INVOKES_PER_MINUTE. invoke.* needs
 *   saved credentials (`ctx.access`); the connection test reports their absence itself. For
 *   invoke.* the per-minute slot is taken together with the monthly budget's reservation, in
 *   invoke/service.ts, where the call's maximum cost is known (budgets/hold.ts).
 *
 * Refusals are TOO_MANY_REQUESTS with `data.retryAfterSeconds` (and a `Retry-After` header),
 * before any AWS call.
 */
import { takeInvokeSlot } from '../db/budgets';
import { invokeLeases } from '../budgets/invoke-leases';
import { invokeRateRefused } from './rate-refusal';
import { bedrockProcedure, optionalBedrockProcedure, storedBedrockProcedure } from '../trpc/init';
import { limitsFromEnv } from './config';
import { InflightLimiter, InflightRefusal, releasingWhenDone } from './inflight';

const inflight = new InflightLimiter(() => limitsFromEnv().inflightPerUser);

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
	return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Runs one AWS request holding one of the user's in-flight slots. */
export type AwsSlot = <T>(call: () => Promise<T>) => Promise<T>;

export function awsSlotFor(userId: string): AwsSlot {
	return async (call) => {
		const release = inflight.tryAcquire(userId);
		if (!release) throw new InflightRefusal(limitsFromEnv().inflightPerUser);
		try {
			return await call();
		} finally {
			release();
		}
	};
}

/** Holds one of the user's in-flight slots for the call (a stream: until it ends). */
export async function holdingInflightSlot<R extends { ok: boolean }>(
	userId: string,
	signal: AbortSignal | undefined,
	type: string,
	next: () => Promise<R>
): Promise<R> {
	const limit = limitsFromEnv().inflightPerUser;
	const releaseSlot = inflight.tryAcquire(userId);
	if (!releaseSlot) throw new InflightRefusal(limit);
	// Whatever happens to the request, its slot comes back when the client goes away. The
	// listener goes with the slot: left behind, it would live as long as the signal does (and a
	// signal composed with AbortSignal.any, as this one once was, Node kept for ever while it
	// had a listener: measured, one signal, its listener and its WeakRefs per call).
	const release = () => {
		signal?.removeEventListener('abort', release);
		releaseSlot();
	};
	signal?.addEventListener('abort', release, { once: true });
	let result: R;
	try {
		result = await next();
	} catch (error) {
		release();
		throw error;
	}
	const data = (result as { data?: unknown }).data;
	if (type === 'subscription' && result.ok && isAsyncIterable(data)) {
		return { ...result, data: releasingWhenDone(data, release) };
	}
	release();
	return result;
}

/**
 * Takes one of the user's per-minute model calls, decided in Postgres for every instance. The
 * limit is the user's own (budgets.set), else the admins' default, else LIMIT_INVOKES_PER_MINUTE;
 * the same call looks it up.
 */
async function withinInvokeRate<R>(userId: string, next: () => Promise<R>): Promise<R> {
	// A call this instance leased for the user's model calls counts the same (invoke-leases.ts).
	if (invokeLeases.take(userId)) return next();
	const slot = await takeInvokeSlot(userId, limitsFromEnv().invokesPerMinute);
	if (!slot.allowed) throw invokeRateRefused(slot);
	return next();
}

/** models.*: access optional (sample data stands in), in-flight limit on the AWS calls made. */
export const awsCallProcedure = optionalBedrockProcedure.use(({ ctx, next }) =>
	next({ ctx: { awsSlot: awsSlotFor(ctx.user.id) } })
);

/**
 * connection.test: access optional (the first check says what is missing) and read as stored
 * now, both limits.
 */
export const connectionTestProcedure = storedBedrockProcedure
	.use(({ ctx, type, next }) => holdingInflightSlot(ctx.user.id, ctx.signal, type, next))
	.use(({ ctx, next }) => withinInvokeRate(ctx.user.id, next));

/**
 * invoke.*: saved credentials required (ctx.access), the in-flight limit here; the per-minute
 * limit is decided with the budget reservation, in one round trip (budgets/hold.ts).
 */
export const invokeProcedure = bedrockProcedure.use(({ ctx, type, next }) =>
	holdingInflightSlot(ctx.user.id, ctx.signal, type, next)
);
