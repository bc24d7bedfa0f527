/**
 * Requests this server is handling right now, counted from arrival until the response is done
 * (for a stream: until the client or the server closes it). The overload guard refuses past
 * MAX_CONCURRENT_REQUESTS; shutdown waits for the count to reach zero.
 */
let count = 0;
const idleWaiters = new Set<() => void>();

export function requestsInFlight(): number {
	return count;
}

/** Counts one request; the returned function (idempotent) uncounts it. */
export function enterRequest(): () => void {
	count += 1;
	let left = false;
	return () => {
		if (left) return;
		left = true;
		count -= 1;
		if (count === 0) for (const wake of idleWaiters) wake();
	};
}

/** Resolves true once no request is in flight, false if `timeoutMs` passes first. */
export function whenIdle(timeoutMs: number): Promise<boolean> {
	if (count === 0) return Promise.resolve(true);
	return new Promise((resolve) => {
		const wake = () => {
			clearTimeout(timer);
			idleWaiters.delete(wake);
			resolve(true);
		};
		const timer = setTimeout(() => {
			idleWaiters.delete(wake);
			resolve(false);
		}, timeoutMs);
		idleWaiters.add(wake);
	});
}
