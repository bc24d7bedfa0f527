/**
 * The limits (DESIGN.md names and defaults), read from the environment:
 *
 *   LIMIT_BATCH_SIZE          [10]    calls in one tRPC batch; a larger batch is refused whole
 *   LIMIT_INFLIGHT_PER_USER   [4]     AWS calls in flight per user on one server instance
 *   LIMIT_INVOKES_PER_MINUTE  [60]    invoke.* and connection.test per user, all instances
 *   LIMIT_MAX_TOKENS          [8192]  maxTokens cap for models whose output limit is unknown
 *
 * Why process.env and not `$env`: the limits apply in procedures that integration tests also
 * run in-process (see env.ts). The server env schema validates the same fields at start-up.
 */
import { z } from 'zod';

const positiveInt = (fallback: number) =>
	z.coerce
		.number({ error: 'must be a whole number' })
		.int({ error: 'must be a whole number' })
		.min(1, { error: 'must be at least 1' })
		.default(fallback);

export const limitsEnvSchema = z.object({
	LIMIT_BATCH_SIZE: positiveInt(10),
	LIMIT_INFLIGHT_PER_USER: positiveInt(4),
	LIMIT_INVOKES_PER_MINUTE: positiveInt(60),
	LIMIT_MAX_TOKENS: positiveInt(8192)
});

export type Limits = {
	batchSize: number;
	inflightPerUser: number;
	invokesPerMinute: number;
	maxTokens: number;
};

let cached: { key: string; limits: Limits } | undefined;

/** The limits from `env`, parsed once per distinct value; throws naming the bad variable. */
export function limitsFromEnv(env: Record<string, string | undefined> = process.env): Limits {
	const raw = Object.fromEntries(
		Object.keys(limitsEnvSchema.shape).map((name) => [name, env[name] || undefined])
	);
	const key = JSON.stringify(raw);
	if (cached?.key === key) return cached.limits;
	const result = limitsEnvSchema.safeParse(raw);
	if (!result.success) {
		const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid limits in the environment (${problems.join('; ')}). See README.md.`);
	}
	const parsed = result.data;
	const limits: Limits = {
		batchSize: parsed.LIMIT_BATCH_SIZE,
		inflightPerUser: parsed.LIMIT_INFLIGHT_PER_USER,
		invokesPerMinute: parsed.LIMIT_INVOKES_PER_MINUTE,
		maxTokens: parsed.LIMIT_MAX_TOKENS
	};
	cached = { key, limits };
	return limits;
}
