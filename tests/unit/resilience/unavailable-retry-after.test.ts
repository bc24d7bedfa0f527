import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
	DEPENDENCY_RETRY_AFTER_SECONDS,
	retryAfterOnUnavailable
} from '../../../src/lib/server/resilience/unavailable-retry-after';

const answer = (response: Response) =>
	retryAfterOnUnavailable({ event: {} as RequestEvent, resolve: async () => response });

describe('retryAfterOnUnavailable', () => {
	it('gives a 503 without Retry-After the dependency wait', async () => {
		const response = await answer(new Response('database unavailable', { status: 503 }));
		expect(response.headers.get('retry-after')).toBe(String(DEPENDENCY_RETRY_AFTER_SECONDS));
	});

	it('keeps the Retry-After a 503 already has (overload guard, shutdown)', async () => {
		const response = await answer(
			new Response('busy', { status: 503, headers: { 'retry-after': '1' } })
		);
		expect(response.headers.get('retry-after')).toBe('1');
	});

	it('leaves every other status alone', async () => {
		for (const status of [200, 429, 500, 502]) {
			const response = await answer(new Response(null, { status }));
			expect(response.headers.has('retry-after')).toBe(false);
		}
	});
});
