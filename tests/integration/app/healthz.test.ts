import { describe, expect, it } from 'vitest';
import { appUrl } from './fixture';

describe('GET /healthz', () => {
	it('reports the database and the auth server as reachable, with latencies', async () => {
		const response = await fetch(appUrl('/healthz'));
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const body = await response.json();
		expect(body).toEqual({
			status: 'ok',
			down: [],
			database: { ok: true, latencyMs: expect.any(Number), circuit: 'closed' },
			auth: { ok: true, latencyMs: expect.any(Number), circuit: 'closed' }
		});
		expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
	});
});
