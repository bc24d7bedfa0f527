/**
 * A caller's own credentials row (the non-secret columns RLS let them read), kept for a few
 * seconds. The hot procedures (models.*, invoke.*) would otherwise spend one database round trip
 * per request re-reading a row that changes a few times a year; with it, a warm models.list
 * touches no database at all and a Converse makes one round trip (its admission), not two.
 *
 * How stale it may be:
 * - on this instance, never: every change made here calls `forgetUser` (cache/forget-user.ts),
 *   and a read that was already under way when that happened is not kept (the generation);
 * - on another instance, at most OWN_CREDENTIALS_TTL_MS after the change. A deleted row may be
 *   used that long by an instance that did not delete it; the decrypted clients live in their
 *   own cache (sdk-clients.ts) and are dropped with the row's next read.
 *
 * Only the caller's own row: an admin reading someone else's goes to the database every time.
 * Rows that are absent are not kept (the fallback data path is cheap, and a save on another
 * instance should show at once).
 */
import type { BedrockCredentialsRow } from '../db/types';
import { LruCache } from './lru';
import { SingleFlight } from './single-flight';

export const OWN_CREDENTIALS_TTL_MS = 5_000;

// `Date.now()` read at each call (not the function captured once), so tests can move the clock.
const rows = new LruCache<BedrockCredentialsRow>(2_000, OWN_CREDENTIALS_TTL_MS, undefined, () =>
	Date.now()
);

/** Bumped by every forget: a read that started before it must not store what it read. */
let generation = 0;

/**
 * Reads under way, one per user (and generation): when the row expires under load, the requests
 * that want it wait for one read instead of each taking one of the pool's few connections (the
 * faults soak saw the pool run dry and the database circuit open every few seconds). Sharing is
 * safe because it is the same user's own row under the same RLS. A forget starts a new
 * generation, so nobody joins a read that began before the change.
 */
const reads = new SingleFlight<BedrockCredentialsRow | null>();

/** The row from the cache, or from `read` (kept when nothing was forgotten meanwhile). */
export async function cachedOwnCredentials(
	userId: string,
	read: () => Promise<BedrockCredentialsRow | null>
): Promise<BedrockCredentialsRow | null> {
	const hit = rows.get(userId);
	if (hit) return hit;
	const startedAt = generation;
	return reads.run(`${startedAt}:${userId}`, async () => {
		const row = await read();
		if (row && startedAt === generation) rows.set(userId, row);
		return row;
	});
}

export function forgetOwnCredentials(userId: string): void {
	generation++;
	rows.delete(userId);
}
