import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';

// Read by the resilience config on first use, i.e. by the first request below.
process.env.MAX_CONCURRENT_REQUESTS = '2';
const { overloadGuard } = await import('../../../src/lib/server/resilience/overload');
const { requestsInFlight } = await import('../../../src/lib/server/resilience/in-flight');

function eventFor(path: string, accept = 'application/json'): RequestEvent {
	const url = new URL(`http://127.0.0.1${path}`);
	return { url, request: new Request(url, { headers: { accept } }) } as unknown as RequestEvent;
}

/** Starts a request that stays in flight until `finish` is called. */
function hold(path = '/api/trpc/me.get') {
	let finish!: () => void;
	const done = new Promise<void>((resolve) => (finish = resolve));
	const response = overloadGuard({
		event: eventFor(path),
		resolve: async () => {
			await done;
			return new Response('ok');
		}
	});
	return { finish, response };
}

const answer = (path: string, accept?: string) =>
	overloadGuard({ event: eventFor(path, accept), resolve: async () => new Response('served') });

describe('overloadGuard', () => {
	it('refuses past MAX_CONCURRENT_REQUESTS at once, with 503, Retry-After and a tRPC error per call', async () => {
		const held = [hold(), hold()];
		expect(requestsInFlight()).toBe(2);
		const refused = await answer('/api/trpc/me.get,credentials.get?batch=1');
		expect(refused.status).toBe(503);
		expect(refused.headers.get('retry-after')).toBe('1');
		const body = (await refused.json()) as Array<{ error: { data: { code: string } } }>;
		expect(body).toHaveLength(2);
		expect(body.map((item) => item.error.data.code)).toEqual([
			'SERVICE_UNAVAILABLE',
			'SERVICE_UNAVAILABLE'
		]);
		const page = await answer('/admin/supabase-bedrock', 'text/html');
		expect(page.status).toBe(503);
		expect(await page.text()).toMatch(/at capacity/);

		for (const { finish, response } of held) {
			finish();
			expect((await response).status).toBe(200);
		}
		expect(requestsInFlight()).toBe(0);
		expect(await (await answer('/api/trpc/me.get')).text()).toBe('served');
	});

	it('always lets /healthz and /livez through, so a load balancer can still ask', async () => {
		const held = [hold(), hold()];
		expect((await answer('/healthz')).status).toBe(200);
		expect((await answer('/livez')).status).toBe(200);
		expect((await answer('/api/trpc/me.get')).status).toBe(503);
		for (const { finish, response } of held) {
			finish();
			await response;
		}
	});

	it('frees the slot when the request fails', async () => {
		await expect(
			overloadGuard({
				event: eventFor('/api/trpc/me.get'),
				resolve: async () => {
					throw new Error('boom');
				}
			})
		).rejects.toThrow('boom');
		expect(requestsInFlight()).toBe(0);
	});
});
