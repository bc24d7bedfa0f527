import { describe, expect, it } from 'vitest';
import { appUrl } from './fixture';

describe('GET /livez', () => {
	it('says the process is up, and is never cached', async () => {
		const response = await fetch(appUrl('/livez'));
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(await response.json()).toEqual({ status: 'ok' });
	});

	it('answers anonymous callers and callers with a bearer token alike', async () => {
		const response = await fetch(appUrl('/livez'), {
			headers: { authorization: 'Bearer not-a-token' },
			redirect: 'manual'
		});
		expect(response.status).toBe(200);
	});
});
