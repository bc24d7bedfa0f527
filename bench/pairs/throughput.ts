/**
 * Warm models.list through the app vs the emulator's ListFoundationModels served directly,
 * both driven by autocannon at the same concurrency for the same time. The app's list comes
 * from its models cache, so the pair shows what the gateway's per-request work costs.
 *
 * With a `floor` target (`GET /livez`: every hook, a 16-byte answer, no API code), the run also
 * measures the most any route of this app could serve at that concurrency. With a `reference`
 * target (the thinnest Node gateway serving the same list answer from memory), what any Node
 * gateway could serve.
 */
import autocannon from 'autocannon';

export interface ThroughputPair {
	connections: number;
	direct: number;
	api: number;
	/** Requests per second of the floor target, when one was given. */
	floor?: number;
	/** Requests per second of the reference gateway, when one was given. */
	reference?: number;
	errors: number;
}

export interface Target {
	url: string;
	headers: Record<string, string>;
}

async function requestsPerSecond(target: Target, connections: number, seconds: number) {
	const result = await autocannon({
		url: target.url,
		headers: target.headers,
		connections,
		duration: seconds
	});
	return {
		rps: result.requests.total / (result.duration || seconds),
		errors: result.errors + result.timeouts + result.non2xx
	};
}

export async function throughputPair(
	direct: Target,
	api: Target,
	connections: number,
	seconds: number,
	context: { floor?: Target; reference?: Target } = {}
): Promise<ThroughputPair> {
	// Warm-up: sockets, JIT, the app's caches.
	await requestsPerSecond(direct, connections, 1);
	await requestsPerSecond(api, connections, 1);
	const d = await requestsPerSecond(direct, connections, seconds);
	const a = await requestsPerSecond(api, connections, seconds);
	const pair: ThroughputPair = {
		connections,
		direct: d.rps,
		api: a.rps,
		errors: d.errors + a.errors
	};
	for (const name of ['floor', 'reference'] as const) {
		const target = context[name];
		if (!target) continue;
		await requestsPerSecond(target, connections, 1);
		const measured = await requestsPerSecond(target, connections, seconds);
		pair[name] = measured.rps;
		pair.errors += measured.errors;
	}
	return pair;
}

/** `amount` requests through autocannon (used to load the app for the memory pair). */
export async function drive(
	target: Target & { method?: 'GET' | 'POST'; body?: string },
	amount: number,
	connections = 16
): Promise<number> {
	const result = await autocannon({
		url: target.url,
		headers: target.headers,
		method: target.method ?? 'GET',
		body: target.body,
		connections,
		amount
	});
	return result.errors + result.timeouts + result.non2xx;
}
