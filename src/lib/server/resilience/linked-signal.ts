/**
 * One abort signal that follows several others, for signals that live as long as one request
 * or one call: the client's hang-up, a shutdown, a deadline.
 *
 * Why not `AbortSignal.any` (or `AbortSignal.timeout`): on Node 20 they link signals through
 * WeakRefs and a FinalizationRegistry, which cost far more than they look. Measured in a loop
 * of 200,000 (ad hoc): a composed signal took 37 µs with 8× the scavenge time of plain
 * listeners (6 µs), even when its sources died young and its listener was removed. A call made
 * three of them of its own. Here the links are plain listeners and a plain timer, and
 * `dispose` removes them when the call is over.
 *
 * The abort reason is the source's own, as with `AbortSignal.any`; the timeout's is a
 * `TimeoutError` DOMException, as with `AbortSignal.timeout`.
 */
export interface LinkedSignal {
	readonly signal: AbortSignal;
	/** Aborts it with this reason (a deadline of the caller's own), and unlinks. */
	abort(reason: unknown): void;
	/** Unlinks from the sources and clears the timer; call it when the call is over. */
	dispose(): void;
}

export function linkSignals(
	sources: readonly (AbortSignal | undefined)[],
	options: { timeoutMs?: number } = {}
): LinkedSignal {
	const followed = sources.filter((s): s is AbortSignal => s !== undefined);
	const controller = new AbortController();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const dispose = () => {
		clearTimeout(timer);
		for (const source of followed) source.removeEventListener('abort', onSourceAbort);
	};
	const abort = (reason: unknown) => {
		dispose();
		if (!controller.signal.aborted) controller.abort(reason);
	};
	function onSourceAbort(this: AbortSignal) {
		abort(this.reason);
	}
	const already = followed.find((s) => s.aborted);
	if (already) {
		controller.abort(already.reason);
		return { signal: controller.signal, abort: () => {}, dispose: () => {} };
	}
	for (const source of followed) source.addEventListener('abort', onSourceAbort, { once: true });
	if (options.timeoutMs !== undefined) {
		timer = setTimeout(
			() => abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
			options.timeoutMs
		);
		timer.unref?.();
	}
	return { signal: controller.signal, abort, dispose };
}
