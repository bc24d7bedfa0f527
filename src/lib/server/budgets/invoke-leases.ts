/**
 * Per-minute model calls this instance may admit without asking Postgres.
 *
 * An admission for a user with no monthly budget leases a share of what is left of the user's
 * minute to this instance in the same round trip (private.admit_invoke_leasing); the next calls
 * take one each here, so the round trip leaves the path of most calls. The database still
 * decides every lease: across instances the limit holds (leased calls count as used), and near
 * the limit the share shrinks to nothing, so the last calls of a minute are decided one by one.
 *
 * A lease is only ever an optimisation (DESIGN.md "Scaling out"): losing one (eviction, a
 * restart) makes the limit stricter for the rest of that minute, never looser.
 *
 * A lease stands for "this user has no budget", so it lives at most LEASE_TTL_MS: a budget set
 * on another instance applies here within that time (as the own-credentials cache). A budget or
 * limit changed on this instance drops the leases at once (`forget`), and a lease
 * granted by an admission that started before such a change is never stored (`generation`).
 */
import { LruCache } from '../cache/lru';
import type { InvokeLease } from '../db/budgets';

/** How long "no budget" is believed without asking: as long as a cached credentials row. */
export const LEASE_TTL_MS = 5_000;
/** The most calls one admission decides (itself included): one round trip per 50 calls. */
export const LEASE_MAX_CALLS = 50;
const MAX_USERS = 10_000;

interface Held {
	remaining: number;
	/** Date.now() past which the lease is void (its window ended, or LEASE_TTL_MS passed). */
	until: number;
}

export class InvokeLeases {
	private readonly held: LruCache<Held>;
	private generation = 0;

	constructor(
		private readonly ttlMs = LEASE_TTL_MS,
		private readonly now: () => number = Date.now
	) {
		this.held = new LruCache<Held>(MAX_USERS, ttlMs, undefined, now);
	}

	/** Takes one leased call for the user; false when none is held (ask the database). */
	take(userId: string): boolean {
		const lease = this.held.get(userId);
		if (!lease || lease.until <= this.now()) {
			if (lease) this.held.delete(userId);
			return false;
		}
		lease.remaining -= 1;
		if (lease.remaining <= 0) this.held.delete(userId);
		return true;
	}

	/** Read before the admission is sent; `store` drops a lease granted across a change. */
	currentGeneration(): number {
		return this.generation;
	}

	/**
	 * Adds the calls an admission leased. Concurrent admissions each bring their own share:
	 * they add up (the database counted them all), and the newest sets the validity, since it
	 * has just confirmed "no budget".
	 */
	store(userId: string, lease: InvokeLease | null, generation: number): void {
		if (!lease || lease.calls <= 0 || generation !== this.generation) return;
		const now = this.now();
		const held = this.held.get(userId);
		const carried = held && held.until > now ? held.remaining : 0;
		const until = now + Math.min(lease.validMs, this.ttlMs);
		this.held.set(userId, { remaining: carried + lease.calls, until });
	}

	/** A budget or limit changed: one user's (their own values) or everyone's (the defaults). */
	forget(userId?: string): void {
		this.generation += 1;
		if (userId === undefined) this.held.clear();
		else this.held.delete(userId);
	}
}

/** The server's one set of leases. */
export const invokeLeases = new InvokeLeases();
