/**
 * Streams in flight (model generations sent as server-sent events), so that a shutdown can end
 * each one with a clean "server restarting" event instead of a cut connection.
 */
export class ServerRestarting extends Error {
	override name = 'ServerRestarting';
	constructor() {
		super('The server is restarting.');
	}
}

const live = new Set<AbortController>();

/** A signal that aborts (with `ServerRestarting`) when the server ends its streams. */
export function trackStream(): { signal: AbortSignal; done: () => void } {
	const controller = new AbortController();
	live.add(controller);
	return { signal: controller.signal, done: () => live.delete(controller) };
}

export function streamsInFlight(): number {
	return live.size;
}

export function endAllStreams(): void {
	for (const controller of live) controller.abort(new ServerRestarting());
	live.clear();
}

export function isServerRestarting(signal: AbortSignal | undefined): boolean {
	return signal?.aborted === true && signal.reason instanceof ServerRestarting;
}
