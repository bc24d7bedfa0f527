/**
 * Warm models.list through the app vs the emulator's ListFoundationModels served directly,
 * both driven by autocannon at the same concurrency for the same time. The app's list comes
 * from its models cache, so the pair shows what the gateway's per-request work costs.
 */
import autocannon from 'autocannon';

export interface ThroughputPair {
	connections: number;
	direct: number;
	api: number;
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
	seconds: number
): Promise<ThroughputPair> {
	// Warm-up: sockets, JIT, the app's caches.
	await requestsPerSecond(direct, connections, 1);
	await requestsPerSecond(api, connections, 1);
	const d = await requestsPerSecond(direct, connections, seconds);
	const a = await requestsPerSecond(api, connections, seconds);
	return { connections, direct: d.rps, api: a.rps, errors: d.errors + a.errors };
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
