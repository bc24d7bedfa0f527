// The overload guard's second measure, with the event loop really blocked (busy-waiting), not
// simulated: one long pause refuses nobody; a loop that stays late refuses new requests at once
// with 503 and Retry-After; once it catches up, requests are served again.
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';

// Read by the resilience config on first use, i.e. by the first request below.
process.env.MAX_EVENT_LOOP_DELAY_MS = '150';
const { overloadGuard } = await import('../../../src/lib/server/resilience/overload');
const { eventLoopDelayMs } = await import('../../../src/lib/server/resilience/event-loop-delay');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Keeps the event loop busy, as a burst of page renders would. */
function block(ms: number): void {
	const until = performance.now() + ms;
	while (performance.now() < until) {
		// busy
	}
}

const answer = () => {
	const url = new URL('http://127.0.0.1/api/trpc/me.get');
	const event = { url, request: new Request(url) } as unknown as RequestEvent;
	return overloadGuard({ event, resolve: async () => new Response('served') });
};

describe('event loop delay', () => {
	it('refuses while the loop stays late, not after one pause, and serves again when it catches up', async () => {
		eventLoopDelayMs(); // starts sampling
		await sleep(200);
		expect((await answer()).status).toBe(200);

		// However long one stall is (here the whole machine), it is over when the requests
		// queued behind it are answered. The overdue sample runs first, as in the server: timers
		// come before I/O in the loop.
		block(2_500);
		await sleep(0);
		expect(eventLoopDelayMs()).toBeLessThan(150);
		expect((await answer()).status).toBe(200);
		await sleep(1_500); // back to on time

		block(1_000); // one stall (a garbage collection, a module compiled on first use)
		await sleep(60);
		expect(eventLoopDelayMs()).toBeLessThan(150);
		expect((await answer()).status).toBe(200);

		// Busy with short breaks: every timer now fires late.
		for (let i = 0; i < 12; i++) {
			block(300);
			await sleep(5);
		}
		expect(eventLoopDelayMs()).toBeGreaterThan(150);
		const refused = await answer();
		expect(refused.status).toBe(503);
		expect(refused.headers.get('retry-after')).toBe('1');

		await sleep(1_500);
		expect(eventLoopDelayMs()).toBeLessThan(20);
		expect(await (await answer()).text()).toBe('served');
	});
});
