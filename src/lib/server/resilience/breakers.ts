/**
 * The process's breakers, one per dependency, built lazily from the configured threshold and
 * cooldown. `/healthz` reports their state; the database guard, the auth fetch and the AWS
 * calls run through them.
 */
import type { Dependency } from '../errors';
import { CircuitBreaker } from './breaker';
import { resilienceConfig } from './config';

const breakers = new Map<Dependency, CircuitBreaker>();
const openListeners = new Map<Dependency, Array<() => void>>();

export function breakerFor(dependency: Dependency): CircuitBreaker {
	let breaker = breakers.get(dependency);
	if (!breaker) {
		const { BREAKER_FAILURE_THRESHOLD, BREAKER_COOLDOWN_MS } = resilienceConfig();
		breaker = new CircuitBreaker(dependency, {
			threshold: BREAKER_FAILURE_THRESHOLD,
			cooldownMs: BREAKER_COOLDOWN_MS,
			onOpen: () => {
				console.warn(`[resilience] ${dependency} circuit opened`);
				for (const listener of openListeners.get(dependency) ?? []) listener();
			}
		});
		breakers.set(dependency, breaker);
	}
	return breaker;
}

/** Runs `listener` each time `dependency`'s circuit opens. */
export function onCircuitOpen(dependency: Dependency, listener: () => void): void {
	const list = openListeners.get(dependency) ?? [];
	if (!list.includes(listener)) list.push(listener);
	openListeners.set(dependency, list);
}
