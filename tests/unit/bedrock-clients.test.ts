import { describe, expect, it } from 'vitest';
import {
	createBedrockClients,
	endpointOverride,
	MAX_ATTEMPTS
} from '../../src/lib/server/aws/clients';
import { credentialsFingerprint } from '../../src/lib/server/aws/fingerprint';
import { LruCache } from '../../src/lib/server/cache/lru';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';

const creds = { kind: 'access_key' as const, ...EXAMPLE_KEY_PAIR };

describe('endpoint overrides', () => {
	it('reads only the per-service variable, never the generic AWS_ENDPOINT_URL', () => {
		const env = {
			AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:1',
			AWS_ENDPOINT_URL: 'http://127.0.0.1:2'
		};
		expect(endpointOverride('BEDROCK_RUNTIME', env)).toBe('http://127.0.0.1:1');
		expect(endpointOverride('STS', env)).toBeUndefined();
		expect(endpointOverride('BEDROCK', {})).toBeUndefined();
		expect(
			endpointOverride('BEDROCK', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })
		).toBeUndefined();
	});

	it('tells the SDK not to read AWS_ENDPOINT_URL or the config file by itself', async () => {
		const saved = process.env.AWS_ENDPOINT_URL;
		process.env.AWS_ENDPOINT_URL = 'https://stray.example';
		try {
			const clients = createBedrockClients(creds, 'us-east-1', {});
			for (const client of [clients.control, clients.runtime, clients.sts!]) {
				const config = client.config as unknown as {
					isCustomEndpoint: boolean;
					ignoreConfiguredEndpointUrls: boolean;
				};
				expect(config.isCustomEndpoint).toBe(false);
				expect(config.ignoreConfiguredEndpointUrls).toBe(true);
			}
		} finally {
			if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
			else process.env.AWS_ENDPOINT_URL = saved;
		}
	});

	it.each([
		['https://bedrock.internal.example', true],
		['http://127.0.0.1:54323', true],
		['http://localhost:54323', true],
		['http://[::1]:54323', true],
		['http://bedrock.internal.example', false],
		['http://10.0.0.5:8080', false],
		['ftp://127.0.0.1', false],
		['not a url', false]
	])('for %s: accepted = %s (https, or http on loopback only)', (value, accepted) => {
		const read = () => endpointOverride('BEDROCK', { AWS_ENDPOINT_URL_BEDROCK: value });
		if (accepted) expect(read()).toBe(value);
		else expect(read).toThrow(/AWS_ENDPOINT_URL_BEDROCK/);
	});
});

describe('client configuration ignores the host identity', () => {
	const hostile = {
		AWS_ACCESS_KEY_ID: 'AKIAHOSTENVIRONMENT1',
		AWS_SECRET_ACCESS_KEY: 'hostEnvironmentSecretKeyThatMustNeverBeUsed0',
		AWS_SESSION_TOKEN: 'host-session-token',
		AWS_BEARER_TOKEN_BEDROCK: 'host-bearer-token',
		AWS_PROFILE: 'host-profile',
		AWS_REGION: 'eu-west-3'
	};

	it('uses explicit credentials, region and SigV4 even with AWS_* set in the environment', async () => {
		const saved = { ...process.env };
		Object.assign(process.env, hostile);
		try {
			const clients = createBedrockClients(creds, 'us-west-2', {
				AWS_ENDPOINT_URL_BEDROCK: 'http://127.0.0.1:9'
			});
			for (const client of [clients.control, clients.runtime, clients.sts!]) {
				expect(await client.config.region()).toBe('us-west-2');
				const identity = await client.config.credentials({});
				expect(identity.accessKeyId).toBe(EXAMPLE_KEY_PAIR.accessKeyId);
				expect(identity.sessionToken).toBeUndefined();
				expect(await client.config.authSchemePreference()).toEqual(['sigv4']);
				expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
			}
			const options = clients.runtime.config.httpAuthSchemeProvider({
				region: 'us-west-2'
			} as never);
			expect(options.map((o) => o.schemeId)).toEqual(['aws.auth#sigv4']);
			await expect(clients.runtime.config.token!({})).rejects.toThrow(
				/Bearer-token auth is disabled/
			);
			const endpoint = await clients.control.config.endpoint!();
			expect(endpoint.hostname).toBe('127.0.0.1');
		} finally {
			for (const key of Object.keys(hostile)) delete process.env[key];
			Object.assign(process.env, saved);
		}
	});

	it('describes failures with the key masked and the secret redacted', () => {
		const clients = createBedrockClients(creds, 'us-east-1', {});
		const failure = clients.describe(
			Object.assign(new Error(`nope ${creds.secretAccessKey}`), {
				name: 'UnrecognizedClientException'
			})
		);
		expect(failure.hint).toContain('AKIA…MPLE');
		expect(failure.message).not.toContain(creds.secretAccessKey);
	});
});

describe('credentials fingerprint', () => {
	it('changes with any part and never contains the secret', () => {
		const a = credentialsFingerprint(creds);
		expect(a).toBe(credentialsFingerprint({ ...creds }));
		expect(a).not.toBe(credentialsFingerprint({ ...creds, sessionToken: 'tok' }));
		expect(a).not.toBe(
			credentialsFingerprint({ ...creds, secretAccessKey: creds.secretAccessKey.replace('w', 'W') })
		);
		expect(a).not.toContain(creds.secretAccessKey.slice(0, 8));
	});
});

describe('LruCache', () => {
	it('evicts the least recently used entry and expired ones', () => {
		let now = 0;
		const evicted: string[] = [];
		const cache = new LruCache<number>(
			2,
			100,
			(key) => evicted.push(key),
			() => now
		);
		cache.set('a', 1);
		cache.set('b', 2);
		expect(cache.get('a')).toBe(1);
		cache.set('c', 3);
		expect(cache.get('b')).toBeUndefined();
		expect(evicted).toEqual(['b']);
		now = 150;
		expect(cache.get('a')).toBeUndefined();
	});
	it('drops entries by prefix', () => {
		const cache = new LruCache<number>(10, 1000);
		cache.set('u1|x', 1);
		cache.set('u1|y', 2);
		cache.set('u2|x', 3);
		expect(cache.deletePrefix('u1|')).toBe(2);
		expect(cache.size).toBe(1);
	});
});
