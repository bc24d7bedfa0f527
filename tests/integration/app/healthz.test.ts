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
			auth: { ok: true, latencyMs: expect.any(Number), circuit: 'closed' },
			aws: { circuits: expect.any(Array) }
		});
		for (const circuit of body.aws.circuits) {
			expect(circuit).toEqual({
				service: expect.stringMatching(/^(bedrock|bedrock-runtime|sts)$/),
				region: expect.stringMatching(/^[a-z]{2}(-[a-z]+)+-\d$/),
				state: 'closed'
			});
		}
		expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
	});
});
