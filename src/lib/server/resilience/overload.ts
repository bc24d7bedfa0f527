/**
 * The first handle: past MAX_CONCURRENT_REQUESTS requests in flight on this server, while its
 * event loop runs more than MAX_EVENT_LOOP_DELAY_MS late (the CPU is the bottleneck: see
 * event-loop-delay.ts), and while it shuts down, a new request is refused at once with 503 and
 * Retry-After, instead of queueing until every dependency deadline has expired. `/healthz` and
 * `/livez` are never refused: a load balancer or an orchestrator must still be able to ask.
 *
 * The answer has the shape its caller understands: a tRPC error (one per call of a batch) for
 * /api/trpc, JSON elsewhere, plain text for pages.
 */
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { resilienceConfig } from './config';
import { eventLoopDelayMs } from './event-loop-delay';
import { enterRequest, requestsInFlight } from './in-flight';
import { nodeResponseOf } from './node-response';
import { isShuttingDown } from './shutdown-state';

const RETRY_AFTER_SECONDS = 1;

/** Probes: readiness (dependencies) and liveness (this process). */
const PROBES = new Set(['/healthz', '/livez']);

export const overloadGuard: Handle = async ({ event, resolve }) => {
	if (PROBES.has(event.url.pathname)) return resolve(event);
	const shuttingDown = isShuttingDown();
	if (shuttingDown || atCapacity()) {
		return refusal(
			event,
			shuttingDown
				? 'This server is restarting. Please retry; another instance will answer.'
				: 'This server is at capacity. Please retry in a moment.',
			shuttingDown
		);
	}
	const leave = enterRequest();
	const res = nodeResponseOf(event);
	if (res) {
		// Streams keep their slot until the response closes, not just until it starts.
		res.once('close', leave);
		try {
			return await resolve(event);
		} catch (err) {
			leave();
			throw err;
		}
	}
	try {
		return await resolve(event);
	} finally {
		leave();
	}
};

/** Too many requests in flight, or the event loop already too late to answer more in time. */
function atCapacity(): boolean {
	const { MAX_CONCURRENT_REQUESTS, MAX_EVENT_LOOP_DELAY_MS } = resilienceConfig();
	if (requestsInFlight() >= MAX_CONCURRENT_REQUESTS) return true;
	return MAX_EVENT_LOOP_DELAY_MS > 0 && tooLate(eventLoopDelayMs(), MAX_EVENT_LOOP_DELAY_MS);
}

let refusingForDelay = false;

/** Whether the loop is too late; the log says when refusing for it starts and stops. */
function tooLate(delayMs: number, maxMs: number): boolean {
	const late = delayMs > maxMs;
	if (late !== refusingForDelay) {
		refusingForDelay = late;
		console.warn(
			late
				? `[overload] the event loop runs ${Math.round(delayMs)} ms late (MAX_EVENT_LOOP_DELAY_MS ${maxMs}): refusing new requests until it catches up`
				: `[overload] the event loop caught up (${Math.round(delayMs)} ms late): serving new requests again`
		);
	}
	return late;
}

function refusal(event: RequestEvent, message: string, closeConnection: boolean): Response {
	const headers: Record<string, string> = {
		'retry-after': String(RETRY_AFTER_SECONDS),
		'cache-control': 'no-store'
	};
	if (closeConnection) headers.connection = 'close';
	const { pathname, searchParams } = event.url;
	if (pathname.startsWith('/api/trpc/')) {
		const error = {
			message,
			code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE,
			data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, retryable: true }
		};
		const calls = pathname.slice('/api/trpc/'.length).split(',').length;
		const body = searchParams.get('batch') === '1' ? Array(calls).fill({ error }) : { error };
		return Response.json(body, { status: 503, headers });
	}
	if ((event.request.headers.get('accept') ?? '').includes('text/html')) {
		return new Response(message, {
			status: 503,
			headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	return Response.json({ message, code: 'SERVICE_UNAVAILABLE' }, { status: 503, headers });
}
