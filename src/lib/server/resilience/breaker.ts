/**
 * A circuit breaker per dependency, so that a dead Postgres or auth server costs each request
 * one quick refusal instead of a full deadline.
 *
 *   closed     calls go through; `threshold` consecutive faults open the circuit
 *   open       calls are refused at once (DependencyError 'circuit_open') for `cooldownMs`
 *   half-open  after the cooldown, ONE call goes through as a probe: success closes the circuit,
 *              a fault opens it for another cooldown; calls arriving meanwhile are refused
 *
 * Only faults count (timeouts, refused or dropped connections, 5xx): a refusal that is the
 * request's own fault (RLS, bad input, wrong AWS key) says the dependency is alive.
 * State is per process on purpose: each instance judges its own path to the dependency.
 */
import type { Dependency } from '../errors';
import { DependencyError } from './dependency-error';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
	threshold: number;
	cooldownMs: number;
	now?: () => number;
	/** Called when the circuit opens (the database pool uses it to drop hung connections). */
	onOpen?: () => void;
}

export interface BreakerSnapshot {
	state: BreakerState;
	consecutiveFailures: number;
	/** When an open circuit lets the next probe through (ms since epoch), else null. */
	retryAt: number | null;
}

export class CircuitBreaker {
	private failures = 0;
	private openedAt: number | null = null;
	private probing = false;
	private readonly now: () => number;

	constructor(
		readonly dependency: Dependency,
		private readonly options: BreakerOptions
	) {
		this.now = options.now ?? Date.now;
	}

	get state(): BreakerState {
		if (this.openedAt === null) return 'closed';
		return this.now() - this.openedAt >= this.options.cooldownMs ? 'half-open' : 'open';
	}

	snapshot(): BreakerSnapshot {
		return {
			state: this.state,
			consecutiveFailures: this.failures,
			retryAt: this.openedAt === null ? null : this.openedAt + this.options.cooldownMs
		};
	}

	/**
	 * Asks to make one call. Throws DependencyError('circuit_open') when the circuit refuses it;
	 * otherwise the caller must report the outcome with `success()` or `failure()`.
	 */
	admit(): void {
		const state = this.state;
		if (state === 'closed') return;
		if (state === 'half-open' && !this.probing) {
			this.probing = true;
			return;
		}
		const retryAt = (this.openedAt ?? this.now()) + this.options.cooldownMs;
		throw new DependencyError(this.dependency, 'circuit_open', {
			retryAfterSeconds: Math.max(1, Math.ceil((retryAt - this.now()) / 1000))
		});
	}

	success(): void {
		this.failures = 0;
		this.openedAt = null;
		this.probing = false;
	}

	failure(): void {
		this.failures += 1;
		const wasProbe = this.probing;
		this.probing = false;
		if (wasProbe || (this.openedAt === null && this.failures >= this.options.threshold)) {
			const wasClosed = this.openedAt === null;
			this.openedAt = this.now();
			if (wasClosed) this.options.onOpen?.();
		}
	}

	/**
	 * Reports a call that ended without saying anything about the dependency (the caller hung
	 * up, or the error was not the dependency's): the counts stay, and a half-open probe slot
	 * is given back so that the next call can probe instead of the circuit staying stuck.
	 */
	release(): void {
		this.probing = false;
	}

	/** Runs `call` through the breaker; `isFault` says which errors count against the dependency. */
	async run<T>(call: () => Promise<T>, isFault: (err: unknown) => boolean): Promise<T> {
		this.admit();
		try {
			const result = await call();
			this.success();
			return result;
		} catch (err) {
			if (isFault(err)) this.failure();
			else this.success();
			throw err;
		}
	}
}
