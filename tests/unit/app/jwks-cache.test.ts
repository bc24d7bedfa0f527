import { describe, expect, it } from 'vitest';
import { createJwksCache } from '$lib/server/auth/jwks-cache';
import {
	SigningKeysUnavailableError,
	UnknownSigningKeyError
} from '$lib/server/auth/verify-access-token';
import { makeSigningKey } from './test-keys';

const JWKS_URL = 'http://auth.test/auth/v1/.well-known/jwks.json';

/** A JWKS endpoint whose key set and availability the test controls. */
function fakeJwksServer(initialKeys: object[]) {
	const state = { keys: initialKeys, down: false, requests: [] as Request[] };
	const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
		state.requests.push(new Request(input, init));
		if (state.down) throw new TypeError('fetch failed');
		return Response.json({ keys: state.keys });
	};
	return { state, fetch: fetch as typeof globalThis.fetch };
}

describe('createJwksCache', () => {
	it('fetches the key set once and serves later lookups from memory', async () => {
		const key = await makeSigningKey();
		const server = fakeJwksServer([key.publicJwk]);
		const cache = createJwksCache({
			jwksUrl: JWKS_URL,
			fetch: server.fetch,
			headers: { apikey: 'anon' }
		});

		for (let i = 0; i < 5; i += 1) await cache({ alg: 'ES256', kid: key.kid });
		expect(cache.fetchCount()).toBe(1);
		expect(server.state.requests[0]?.headers.get('apikey')).toBe('anon');
	});

	it('refetches for an unknown kid (key rotation) and finds the new key', async () => {
		let clock = 0;
		const oldKey = await makeSigningKey('old');
		const newKey = await makeSigningKey('new');
		const server = fakeJwksServer([oldKey.publicJwk]);
		const cache = createJwksCache({
			jwksUrl: JWKS_URL,
			fetch: server.fetch,
			minRefetchIntervalMs: 1000,
			now: () => clock
		});

		await cache({ alg: 'ES256', kid: 'old' });
		server.state.keys = [oldKey.publicJwk, newKey.publicJwk];
		clock = 1000;
		await expect(cache({ alg: 'ES256', kid: 'new' })).resolves.toBeDefined();
		expect(cache.fetchCount()).toBe(2);
	});

	it('rate-limits refetches caused by unknown kids', async () => {
		let clock = 0;
		const key = await makeSigningKey();
		const server = fakeJwksServer([key.publicJwk]);
		const cache = createJwksCache({
			jwksUrl: JWKS_URL,
			fetch: server.fetch,
			minRefetchIntervalMs: 30_000,
			now: () => clock
		});

		await cache({ alg: 'ES256', kid: key.kid });
		for (let i = 0; i < 20; i += 1) {
			clock += 100;
			await expect(cache({ alg: 'ES256', kid: `forged-${i}` })).rejects.toBeInstanceOf(
				UnknownSigningKeyError
			);
		}
		expect(cache.fetchCount()).toBe(1);
		clock += 30_000;
		await expect(cache({ alg: 'ES256', kid: 'forged-again' })).rejects.toBeInstanceOf(
			UnknownSigningKeyError
		);
		expect(cache.fetchCount()).toBe(2);
	});

	it('shares one fetch between concurrent lookups', async () => {
		const key = await makeSigningKey();
		const server = fakeJwksServer([key.publicJwk]);
		const cache = createJwksCache({ jwksUrl: JWKS_URL, fetch: server.fetch });
		await Promise.all(Array.from({ length: 10 }, () => cache({ alg: 'ES256', kid: key.kid })));
		expect(cache.fetchCount()).toBe(1);
	});

	it('reports an unreachable auth server, and retries soon after', async () => {
		let clock = 0;
		const key = await makeSigningKey();
		const server = fakeJwksServer([key.publicJwk]);
		server.state.down = true;
		const cache = createJwksCache({
			jwksUrl: JWKS_URL,
			fetch: server.fetch,
			minRefetchIntervalMs: 30_000,
			retryAfterFailureMs: 500,
			now: () => clock
		});
		await expect(cache({ alg: 'ES256', kid: key.kid })).rejects.toBeInstanceOf(
			SigningKeysUnavailableError
		);
		server.state.down = false;
		clock += 500;
		await expect(cache({ alg: 'ES256', kid: key.kid })).resolves.toBeDefined();
	});

	it('ignores keys that are not P-256 verification keys', async () => {
		const key = await makeSigningKey('good');
		const server = fakeJwksServer([
			{ kty: 'oct', kid: 'secret', k: 'c2VjcmV0' },
			{ ...key.publicJwk, kid: 'enc-only', use: 'enc' },
			{ kty: 'EC', crv: 'P-256', kid: 'broken', x: 'AAAA', y: 'AAAA' },
			key.publicJwk
		]);
		const cache = createJwksCache({ jwksUrl: JWKS_URL, fetch: server.fetch });
		await expect(cache({ alg: 'ES256', kid: 'good' })).resolves.toBeDefined();
		await expect(cache({ alg: 'ES256', kid: 'secret' })).rejects.toBeInstanceOf(
			UnknownSigningKeyError
		);
		await expect(cache({ alg: 'ES256', kid: 'enc-only' })).rejects.toBeInstanceOf(
			UnknownSigningKeyError
		);
	});

	it('refuses a header without kid', async () => {
		const cache = createJwksCache({ jwksUrl: JWKS_URL, fetch: fakeJwksServer([]).fetch });
		await expect(cache({ alg: 'ES256' })).rejects.toBeInstanceOf(UnknownSigningKeyError);
		expect(cache.fetchCount()).toBe(0);
	});
});
