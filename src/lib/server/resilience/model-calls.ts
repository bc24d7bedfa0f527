/**
 * Model calls in flight (streams sent as server-sent events, and plain calls waiting for AWS),
 * so that a shutdown whose drain time is over can end each one cleanly: a stream with a last
 * "server restarting" event, a plain call with SERVICE_UNAVAILABLE and Retry-After. Either way
 * the call's own code then records its ledger row and settles its budget hold before the
 * process exits, instead of the process exiting under a call nobody recorded.
 */
import { AppError } from '../errors';
import { linkSignals } from './linked-signal';

export class ServerRestarting extends Error {
	override name = 'ServerRestarting';
	constructor() {
		super('The server is restarting.');
	}
}

const live = new Set<AbortController>();

/** A signal that aborts (with `ServerRestarting`) when the server ends its streams. */
export function trackModelCall(): { signal: AbortSignal; done: () => void } {
	const controller = new AbortController();
	live.add(controller);
	return { signal: controller.signal, done: () => live.delete(controller) };
}

export function modelCallsInFlight(): number {
	return live.size;
}

export function endAllModelCalls(): void {
	for (const controller of live) controller.abort(new ServerRestarting());
	live.clear();
}

export function isServerRestarting(signal: AbortSignal | undefined): boolean {
	return signal?.aborted === true && signal.reason instanceof ServerRestarting;
}

/**
 * Runs a plain (non-streaming) model call that a shutdown ends too: `run` gets a signal that
 * aborts when the client goes away (`signal`) or when the server ends its calls; the latter
 * answers SERVICE_UNAVAILABLE with Retry-After, which a client may simply send again.
 */
export async function endedByRestart<T>(
	signal: AbortSignal | undefined,
	run: (signal: AbortSignal) => Promise<T>
): Promise<T> {
	const tracked = trackModelCall();
	const stop = linkSignals([signal, tracked.signal]);
	try {
		return await run(stop.signal);
	} catch (err) {
		if (!isServerRestarting(tracked.signal)) throw err;
		throw new AppError(
			'SERVICE_UNAVAILABLE',
			'The server is restarting, so this call was stopped before AWS answered. Send it again: another instance will answer.',
			{ retryable: true, retryAfterSeconds: 1 }
		);
	} finally {
		stop.dispose();
		tracked.done();
	}
}
