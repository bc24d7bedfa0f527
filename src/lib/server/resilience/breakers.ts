/**
 * The process's breakers, built lazily from the configured threshold and cooldown: one for the
 * database, one for the auth server, and one per AWS service and Region (`scope`), because
 * Bedrock in one Region can fail while another, or STS, still answers. `/healthz` reports
 * their state; the database guard, the auth fetch and the AWS clients run through them.
 */
import type { Dependency } from '../errors';
import { CircuitBreaker } from './breaker';
import { resilienceConfig } from './config';

const breakers = new Map<string, CircuitBreaker>();
const openListeners = new Map<Dependency, Array<() => void>>();

export function breakerFor(dependency: Dependency, scope?: string): CircuitBreaker {
	const key = scope ? `${dependency}:${scope}` : dependency;
	let breaker = breakers.get(key);
	if (!breaker) {
		const { BREAKER_FAILURE_THRESHOLD, BREAKER_COOLDOWN_MS } = resilienceConfig();
		breaker = new CircuitBreaker(dependency, {
			threshold: BREAKER_FAILURE_THRESHOLD,
			cooldownMs: BREAKER_COOLDOWN_MS,
			onOpen: () => {
				console.warn(`[resilience] ${key} circuit opened`);
				for (const listener of openListeners.get(dependency) ?? []) listener();
			}
		});
		breakers.set(key, breaker);
	}
	return breaker;
}

/** Every scoped breaker of `dependency` built so far, by scope (e.g. `bedrock-runtime/us-east-1`). */
export function scopedBreakers(dependency: Dependency): Array<[scope: string, CircuitBreaker]> {
	const prefix = `${dependency}:`;
	return [...breakers]
		.filter(([key]) => key.startsWith(prefix))
		.map(([key, breaker]) => [key.slice(prefix.length), breaker]);
}

/** Runs `listener` each time `dependency`'s circuit opens. */
export function onCircuitOpen(dependency: Dependency, listener: () => void): void {
	const list = openListeners.get(dependency) ?? [];
	if (!list.includes(listener)) list.push(listener);
	openListeners.set(dependency, list);
}
