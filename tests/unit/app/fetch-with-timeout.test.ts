import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWithTimeout } from '../../../src/lib/server/auth/fetch-with-timeout';

describe('fetchWithTimeout', () => {
	let server: Server;
	let url = '';
	beforeAll(async () => {
		// Answers /fast at once and never answers /hang: a stand-in for a stuck auth server.
		server = createServer((req, res) => {
			if (req.url === '/fast') res.end('ok');
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		const address = server.address();
		url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	});
	afterAll(() => {
		server.closeAllConnections();
		server.close();
	});

	it('passes answers through', async () => {
		const response = await fetchWithTimeout(1_000)(`${url}/fast`);
		expect(await response.text()).toBe('ok');
	});

	it('gives up on a server that never answers', async () => {
		const started = Date.now();
		await expect(fetchWithTimeout(150)(`${url}/hang`)).rejects.toThrow(/abort|timeout/i);
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	it('still honours the caller’s own abort signal', async () => {
		const controller = new AbortController();
		const pending = fetchWithTimeout(5_000)(`${url}/hang`, { signal: controller.signal });
		controller.abort();
		await expect(pending).rejects.toThrow(/abort/i);
	});
});
