import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWithTimeout } from '../../../src/lib/server/auth/fetch-with-timeout';
import { CircuitBreaker } from '../../../src/lib/server/resilience/breaker';
import { DependencyError } from '../../../src/lib/server/resilience/dependency-error';

describe('fetchWithTimeout', () => {
	let server: Server;
	let url = '';
	beforeAll(async () => {
		// Answers /fast at once and never answers /hang: a stand-in for a stuck auth server.
		server = createServer((req, res) => {
			if (req.url === '/fast') res.end('ok');
			if (req.url === '/broken') res.writeHead(503).end('down');
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

	it('opens the auth circuit after repeated faults and then refuses at once', async () => {
		const breaker = new CircuitBreaker('auth', { threshold: 2, cooldownMs: 60_000 });
		const authFetch = fetchWithTimeout(150, breaker);
		await expect(authFetch(`${url}/hang`)).rejects.toThrow(/abort|timeout/i);
		expect((await authFetch(`${url}/broken`)).status).toBe(503);
		expect(breaker.state).toBe('open');
		const started = Date.now();
		const refused = await authFetch(`${url}/fast`).catch((err: unknown) => err);
		expect(refused).toBeInstanceOf(DependencyError);
		expect((refused as DependencyError).dependency).toBe('auth');
		expect(Date.now() - started).toBeLessThan(50);
	});

	it('does not count the caller hanging up against the auth server', async () => {
		const breaker = new CircuitBreaker('auth', { threshold: 1, cooldownMs: 60_000 });
		const controller = new AbortController();
		const pending = fetchWithTimeout(5_000, breaker)(`${url}/hang`, { signal: controller.signal });
		controller.abort();
		await expect(pending).rejects.toThrow(/abort/i);
		expect(breaker.state).toBe('closed');
	});
});
