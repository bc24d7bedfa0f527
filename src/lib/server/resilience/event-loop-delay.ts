/**
 * How late this server's event loop runs, smoothed: the overload guard's second measure.
 *
 * Counting requests in flight (MAX_CONCURRENT_REQUESTS) cannot tell 200 model streams waiting
 * on AWS, which cost nothing, from 200 page renders competing for one core. The second kind
 * makes every request slow, and what a client then sees is a connect that times out or an
 * answer after 30 s, not a 503 (the faults soak at the default limit, once nothing else slowed
 * the app down). How late a timer fires measures that competition directly, as Fastify's
 * under-pressure does: past MAX_EVENT_LOOP_DELAY_MS the guard refuses new requests at once.
 *
 * A timer every SAMPLE_MS records how late it fired; the figure is an exponentially weighted
 * average, so one long pause (a garbage collection, a module compiled on first use, the whole
 * machine stalled for a moment) does not refuse anyone, while a loop that stays late does.
 */
const SAMPLE_MS = 50;
/**
 * Weight of the newest sample: the average follows a loop that stays late within a second or
 * two (after ten late samples it is 65% there), while one stall of about a second moves it by a
 * tenth. With 0.3 two stalls of the end-to-end suite (a browser, the app and the databases on
 * two cores) refused page loads after the stalls had ended.
 */
const WEIGHT = 0.1;
/**
 * One sample counts as at most this late. A timer that fired 2.5 s late says the loop was
 * stalled, not that it still is; uncapped it alone moved the average by 250 ms, past the
 * default limit, and the requests queued behind the stall were refused after it had ended
 * (probably what refused a page load in one run of the end-to-end suite on a 2-core machine).
 * Capped, one stall moves the average by at most 100 ms; a loop that stays late still passes
 * any limit within a second or two.
 */
const MAX_SAMPLE_MS = 1_000;

let smoothedMs = 0;
let started = false;

function sample(expectedAt: number): void {
	const lateMs = Math.min(MAX_SAMPLE_MS, Math.max(0, performance.now() - expectedAt));
	smoothedMs = smoothedMs * (1 - WEIGHT) + lateMs * WEIGHT;
	schedule();
}

function schedule(): void {
	const expectedAt = performance.now() + SAMPLE_MS;
	setTimeout(sample, SAMPLE_MS, expectedAt).unref();
}

/** The smoothed delay in ms (sampling starts on the first call). */
export function eventLoopDelayMs(): number {
	if (!started) {
		started = true;
		schedule();
	}
	return smoothedMs;
}
