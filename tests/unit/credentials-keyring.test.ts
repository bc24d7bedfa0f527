import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';
import { openCredentialSecrets, sealCredentialSecrets } from '../../src/lib/server/secrets/crypto';
import { KeyringError, keyringFromEnv, parseKeyring } from '../../src/lib/server/secrets/keyring';

const b64 = (n = 32) => randomBytes(n).toString('base64');

describe('CREDENTIALS_ENCRYPTION_KEY parsing', () => {
	it('takes the first key as current and keeps all for decryption', () => {
		const ring = parseKeyring(`k2:${b64()}, k1:${b64()}`);
		expect(ring.current.id).toBe('k2');
		expect([...ring.byId.keys()]).toEqual(['k2', 'k1']);
		expect(ring.current.key.length).toBe(32);
	});

	it('accepts one bare key as id "default" and url-safe base64', () => {
		expect(parseKeyring(b64()).current.id).toBe('default');
		const urlSafe = randomBytes(32).toString('base64url');
		expect(parseKeyring(`web:${urlSafe}`).current.key.length).toBe(32);
	});

	it('matches the format the local stack writes (local1:<base64>)', () => {
		expect(parseKeyring(`local1:${b64()}`).current.id).toBe('local1');
	});

	const invalid: [string, string | undefined, RegExp][] = [
		['unset', undefined, /is not set/],
		['empty', '   ', /is empty/],
		['only commas', ',,', /has no keys/],
		['a short key', `k1:${b64(16)}`, /entry 1: key "k1" must be base64 of exactly 32 bytes/],
		['a long key', `k1:${b64(48)}`, /exactly 32 bytes/],
		['non-base64 material', 'k1:not*base64*at*all*but*long*enough*to*look*like*a*key', /base64/],
		['a bad key id', `bad id!:${b64()}`, /key id must be 1-32 characters/],
		['a duplicate id', `k1:${b64()},k1:${b64()}`, /key id "k1" appears twice/],
		['a bare key among several', `k1:${b64()},${b64()}`, /each needs an id/],
		['a bad second entry', `k2:${b64()},k1:short`, /entry 2: key "k1"/]
	];
	it.each(invalid)('refuses %s with a clear message', (_label, value, message) => {
		expect(() => parseKeyring(value)).toThrow(KeyringError);
		expect(() => parseKeyring(value)).toThrow(message);
	});

	it('never echoes key material in its errors', () => {
		const material = b64(31);
		try {
			parseKeyring(`k1:${material}`);
			expect.unreachable();
		} catch (error) {
			expect((error as Error).message).not.toContain(material);
			expect((error as Error).message).toContain('keyId:base64Key32');
		}
	});

	it('re-parses when the environment value changes', () => {
		const a = keyringFromEnv({ CREDENTIALS_ENCRYPTION_KEY: `a:${b64()}` });
		const b = keyringFromEnv({ CREDENTIALS_ENCRYPTION_KEY: `b:${b64()}` });
		expect(a.current.id).toBe('a');
		expect(b.current.id).toBe('b');
	});
});

describe('rotating away from a bare key (id "default")', () => {
	it('accepts the old key as an explicit `default:` entry and moves its ciphertexts to the new key', () => {
		const oldKey = b64();
		const userId = '6f1d7f0e-3f7a-4a0e-9a57-4d1c2b3a4f5e';
		const bare = parseKeyring(oldKey);
		const stored = sealCredentialSecrets(bare, userId, {
			secretAccessKey: EXAMPLE_KEY_PAIR.secretAccessKey,
			sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE'
		});
		expect(stored.encryption_key_id).toBe('default');

		// The operator prepends a new key and names the old one.
		const rotating = parseKeyring(`k2:${b64()},default:${oldKey}`);
		expect(rotating.current.id).toBe('k2');
		const secrets = openCredentialSecrets(rotating, userId, stored);
		expect(secrets.secretAccessKey).toBe(EXAMPLE_KEY_PAIR.secretAccessKey);
		const rotated = sealCredentialSecrets(rotating, userId, secrets);
		expect(rotated.encryption_key_id).toBe('k2');

		// Once every row is rotated the old key can go: the new ciphertexts open without it.
		const afterwards = parseKeyring(`k2:${rotating.current.key.toString('base64')}`);
		expect(openCredentialSecrets(afterwards, userId, rotated)).toEqual(secrets);
		expect(() => openCredentialSecrets(afterwards, userId, stored)).toThrow(
			/not in CREDENTIALS_ENCRYPTION_KEY/
		);
	});

	it('still refuses a bare key among several, and says how to name it', () => {
		expect(() => parseKeyring(`k2:${b64()},${b64()}`)).toThrow(/list it as `default:<base64>`/);
	});
});
