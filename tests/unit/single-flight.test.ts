import { describe, expect, it } from 'vitest';
import { SingleFlight } from '$lib/server/cache/single-flight';

describe('SingleFlight', () => {
	it('gives callers of a key whose fetch is running that fetch, and starts anew once it ended', async () => {
		const flights = new SingleFlight<number>();
		let fetches = 0;
		const fetch = () => new Promise<number>((resolve) => setTimeout(() => resolve(++fetches), 10));
		const first = await Promise.all([flights.run('a', fetch), flights.run('a', fetch)]);
		expect(first).toEqual([1, 1]);
		expect(await flights.run('a', fetch)).toBe(2);
		expect(flights.size).toBe(0);
	});

	it('keeps keys apart', async () => {
		const flights = new SingleFlight<string>();
		const [a, b] = await Promise.all([
			flights.run('a', async () => 'a'),
			flights.run('b', async () => 'b')
		]);
		expect([a, b]).toEqual(['a', 'b']);
	});

	it('shares a failure with the callers that waited, then forgets it', async () => {
		const flights = new SingleFlight<number>();
		const failing = () => Promise.reject(new Error('AWS said no'));
		const results = await Promise.allSettled([
			flights.run('a', failing),
			flights.run('a', failing)
		]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect(await flights.run('a', async () => 3)).toBe(3);
	});

	it('turns a fetch that throws at once into a rejection', async () => {
		const flights = new SingleFlight<number>();
		await expect(
			flights.run('a', () => {
				throw new Error('no clients');
			})
		).rejects.toThrow('no clients');
		expect(flights.size).toBe(0);
	});
});
