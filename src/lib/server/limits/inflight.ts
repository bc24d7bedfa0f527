/**
 * LIMIT_INFLIGHT_PER_USER: AWS calls one user may have running at once on this server
 * instance. Per instance on purpose (DESIGN.md "Scaling out" allows it): a call in flight is a
 * socket held here, and what it protects is this process; the cross-instance budget is the
 * per-minute rate, decided in Postgres.
 */
import { AppError } from '../errors';

/** Model calls take seconds; a short wait is the honest estimate of when a slot frees up. */
const INFLIGHT_RETRY_SECONDS = 2;

/**
 * The user already has LIMIT_INFLIGHT_PER_USER AWS calls running here. Its own class so that
 * code which turns AWS failures into fallback data (models.*) can tell it apart and pass it on:
 * a busy account is not a reason to show sample models.
 */
export class InflightRefusal extends AppError {
	constructor(limit: number) {
		super(
			'TOO_MANY_REQUESTS',
			`You already have ${limit} AWS calls running (the most one account may run at once). Try again when one has finished.`,
			{ retryAfterSeconds: INFLIGHT_RETRY_SECONDS }
		);
	}
}

export class InflightLimiter {
	private readonly running = new Map<string, number>();

	constructor(private readonly limit: () => number) {}

	/** A release function when a slot was free, `null` when `key` already has `limit` running. */
	tryAcquire(key: string): (() => void) | null {
		const current = this.running.get(key) ?? 0;
		if (current >= this.limit()) return null;
		this.running.set(key, current + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const left = (this.running.get(key) ?? 1) - 1;
			if (left <= 0) this.running.delete(key);
			else this.running.set(key, left);
		};
	}

	inFlight(key: string): number {
		return this.running.get(key) ?? 0;
	}
}

/**
 * Wraps a subscription's stream so the slot is held until the stream ends, fails or is
 * cancelled, including a stream cancelled before its first item (a plain `finally` in a
 * generator would not run then).
 */
export function releasingWhenDone<T>(
	source: AsyncIterable<T>,
	release: () => void
): AsyncIterable<T> {
	return {
		[Symbol.asyncIterator]() {
			const iterator = source[Symbol.asyncIterator]();
			return {
				async next() {
					try {
						const result = await iterator.next();
						if (result.done) release();
						return result;
					} catch (error) {
						release();
						throw error;
					}
				},
				async return(value?: unknown) {
					release();
					return (await iterator.return?.(value)) ?? { done: true, value: undefined as T };
				},
				async throw(error?: unknown) {
					release();
					if (iterator.throw) return iterator.throw(error);
					throw error;
				}
			};
		}
	};
}
