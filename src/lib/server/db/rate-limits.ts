/**
 * The rate-limit decision, made in Postgres so every app instance shares it: one call to
 * `private.take_rate_limit_slot` (see its migration), as the database owner, because the API
 * roles may neither read nor change the counters. Like db/privileged.ts, it takes no SQL from
 * its caller.
 */
import { getSql, type Sql } from './client';
import { integerLiteral, textLiteral } from './literals';
import { serverDecision } from './pipelined';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export async function takeRateLimitSlot(
	bucket: string,
	limit: number,
	windowSeconds: number,
	options: { sql?: Sql } = {}
): Promise<RateDecision> {
	// Values written in (db/literals.ts), so the decision costs one round trip.
	const rows = await serverDecision(
		(tx) => tx<{ allowed: boolean; retry_after_ms: number }[]>`
			select allowed, retry_after_ms
			from private.take_rate_limit_slot(${textLiteral(tx, bucket)}, ${integerLiteral(tx, limit)},
			                                  ${integerLiteral(tx, windowSeconds)})
		`,
		// Not durable: see serverDecision (a forgotten slot is one attempt more).
		{ ...options, durable: false }
	);
	const row = rows[0];
	if (!row) throw new Error('take_rate_limit_slot returned no row');
	return row.allowed ? { allowed: true } : { allowed: false, retryAfterMs: row.retry_after_ms };
}

/** Milliseconds until `bucket` may be used again (0: now), without taking a call. */
export async function rateLimitRetryAfterMs(
	bucket: string,
	limit: number,
	windowSeconds: number,
	options: { sql?: Sql } = {}
): Promise<number> {
	const sql = options.sql ?? getSql();
	const rows = await sql<{ ms: number }[]>`
		select private.rate_limit_retry_after_ms(${bucket}, ${limit}::integer, ${windowSeconds}::integer) as ms
	`;
	return rows[0]?.ms ?? 0;
}
