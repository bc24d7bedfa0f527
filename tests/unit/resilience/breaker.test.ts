import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/lib/server/resilience/breaker';
import { DependencyError } from '../../../src/lib/server/resilience/dependency-error';

function clockedBreaker(threshold = 3, cooldownMs = 1_000) {
	const clock = { now: 0 };
	let opened = 0;
	const breaker = new CircuitBreaker('database', {
		threshold,
		cooldownMs,
		now: () => clock.now,
		onOpen: () => opened++
	});
	return { breaker, clock, openedCount: () => opened };
}

const fault = () => Promise.reject(Object.assign(new Error('down'), { fault: true }));
const isFault = (err: unknown) => (err as { fault?: boolean }).fault === true;

describe('CircuitBreaker', () => {
	it('opens after the threshold of consecutive faults, and only then', async () => {
		const { breaker, openedCount } = clockedBreaker(3);
		await expect(breaker.run(fault, isFault)).rejects.toThrow('down');
		await expect(breaker.run(fault, isFault)).rejects.toThrow('down');
		expect(breaker.state).toBe('closed');
		await expect(breaker.run(fault, isFault)).rejects.toThrow('down');
		expect(breaker.state).toBe('open');
		expect(openedCount()).toBe(1);
	});

	it('is reset by a success in between, and not tripped by the request’s own errors', async () => {
		const { breaker } = clockedBreaker(2);
		await expect(breaker.run(fault, isFault)).rejects.toThrow();
		await breaker.run(async () => 'ok', isFault);
		await expect(breaker.run(fault, isFault)).rejects.toThrow();
		await expect(
			breaker.run(() => Promise.reject(new Error('bad input')), isFault)
		).rejects.toThrow();
		expect(breaker.state).toBe('closed');
	});

	it('refuses at once while open, naming the dependency and when to retry', async () => {
		const { breaker, clock } = clockedBreaker(1, 5_000);
		await expect(breaker.run(fault, isFault)).rejects.toThrow();
		clock.now = 1_000;
		let called = false;
		const refused = await breaker
			.run(async () => (called = true), isFault)
			.catch((err: unknown) => err);
		expect(called).toBe(false);
		expect(refused).toBeInstanceOf(DependencyError);
		expect(refused).toMatchObject({
			dependency: 'database',
			fault: 'circuit_open',
			code: 'SERVICE_UNAVAILABLE',
			retryable: true
		});
		expect((refused as Error).message).toMatch(/database.*4 s/i);
	});

	it('lets one probe through after the cooldown; its success closes the circuit', async () => {
		const { breaker, clock } = clockedBreaker(1, 1_000);
		await expect(breaker.run(fault, isFault)).rejects.toThrow();
		clock.now = 1_000;
		expect(breaker.state).toBe('half-open');
		let release!: () => void;
		const probe = breaker.run(() => new Promise<void>((done) => (release = done)), isFault);
		// A second caller during the probe is refused.
		await expect(breaker.run(async () => 'second', isFault)).rejects.toBeInstanceOf(
			DependencyError
		);
		release();
		await probe;
		expect(breaker.state).toBe('closed');
	});

	it('re-opens for another cooldown when the probe fails, without a second onOpen', async () => {
		const { breaker, clock, openedCount } = clockedBreaker(1, 1_000);
		await expect(breaker.run(fault, isFault)).rejects.toThrow();
		clock.now = 1_500;
		await expect(breaker.run(fault, isFault)).rejects.toThrow('down');
		expect(breaker.state).toBe('open');
		expect(breaker.snapshot().retryAt).toBe(2_500);
		expect(openedCount()).toBe(1);
	});

	it('release() gives back a probe slot without counting the call either way', async () => {
		const { breaker, clock } = clockedBreaker(1, 1_000);
		await expect(breaker.run(fault, isFault)).rejects.toThrow();
		clock.now = 1_000;
		breaker.admit(); // the probe starts, then its caller hangs up
		expect(() => breaker.admit()).toThrow(DependencyError);
		breaker.release();
		expect(breaker.state).toBe('half-open');
		expect(breaker.snapshot().consecutiveFailures).toBe(1);
		expect(() => breaker.admit()).not.toThrow(); // the next caller may probe
	});
});
