/**
 * Deadlines, circuit breakers, overload and shutdown knobs, from the environment with
 * documented defaults (README, "Environment"). Read from process.env, not `$env`, because the
 * database and AWS modules that use them also run under vitest and tsx.
 *
 * Read once, on first use: a bad value fails the first call with a message naming the variable
 * instead of turning into NaN deep inside a timer.
 */
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const resilienceSchema = z.object({
	/** Opening a Postgres connection, and waiting for a free one in the pool. */
	DB_CONNECT_TIMEOUT_MS: ms(5_000),
	/** One database round of work for a request (a query, or a user's RLS transaction). */
	DB_QUERY_TIMEOUT_MS: ms(10_000),
	/** Any call to the auth server (refresh, sign-in, JWKS). */
	AUTH_TIMEOUT_MS: ms(5_000),
	/** One attempt of an AWS control-plane or STS call. */
	AWS_CONTROL_ATTEMPT_TIMEOUT_MS: ms(10_000),
	/** All attempts (SDK retries included) of one control-plane call. */
	AWS_CONTROL_TOTAL_TIMEOUT_MS: ms(25_000),
	/** A runtime call's response must start within this. */
	AWS_FIRST_BYTE_TIMEOUT_MS: ms(60_000),
	/** A model stream may stay silent this long between two events. */
	AWS_STREAM_IDLE_TIMEOUT_MS: ms(30_000),
	/** Hard cap on one runtime call, stream included. */
	AWS_CALL_TIMEOUT_MS: ms(600_000),
	/** Consecutive failures of one dependency that open its circuit. */
	BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().min(1).default(5),
	/** How long an open circuit refuses calls before letting one probe through. */
	BREAKER_COOLDOWN_MS: ms(10_000),
	/** Requests one server handles at once; past it, 503 with Retry-After at once. */
	MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).default(200),
	/**
	 * How late the event loop may run (smoothed, see event-loop-delay.ts) before new requests
	 * get 503 with Retry-After at once; 0 turns the check off.
	 */
	MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(200),
	/** On SIGTERM, how long requests and streams in flight may finish before being ended. */
	SHUTDOWN_DRAIN_MS: ms(10_000)
});

export type ResilienceConfig = z.infer<typeof resilienceSchema>;

let cached: ResilienceConfig | undefined;

export function resilienceConfig(): ResilienceConfig {
	if (cached) return cached;
	const raw = Object.fromEntries(
		Object.keys(resilienceSchema.shape).map((name) => [name, process.env[name] || undefined])
	);
	const result = resilienceSchema.safeParse(raw);
	if (!result.success) {
		const problems = result.error.issues
			.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
			.join('; ');
		throw new Error(`Invalid resilience settings (${problems}). See README.md, "Environment".`);
	}
	cached = result.data;
	return cached;
}
