import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	decryptSecret,
	DecryptionError,
	encryptSecret,
	openCredentialSecrets,
	sealCredentialSecrets
} from '../../src/lib/server/secrets/crypto';
import { parseKeyring } from '../../src/lib/server/secrets/keyring';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';

const key = () => randomBytes(32).toString('base64');
const USER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const SECRET = EXAMPLE_KEY_PAIR.secretAccessKey;

describe('credentials encryption (AES-256-GCM)', () => {
	const k1 = key();
	const keyring = parseKeyring(`k1:${k1}`);

	it('round-trips a secret', () => {
		const sealed = encryptSecret(keyring, USER, 'secret_access_key', SECRET);
		expect(sealed.keyId).toBe('k1');
		expect(sealed.ciphertext).not.toContain(SECRET);
		expect(decryptSecret(keyring, USER, 'secret_access_key', sealed.keyId, sealed.ciphertext)).toBe(
			SECRET
		);
	});

	it('writes base64(iv || tag || ciphertext) that the table check accepts', () => {
		const sealed = encryptSecret(keyring, USER, 'secret_access_key', SECRET);
		expect(sealed.ciphertext).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
		expect(sealed.ciphertext.length).toBeGreaterThanOrEqual(40);
		expect(Buffer.from(sealed.ciphertext, 'base64').length).toBe(12 + 16 + SECRET.length);
	});

	it('uses a fresh IV every time', () => {
		const a = encryptSecret(keyring, USER, 'secret_access_key', SECRET);
		const b = encryptSecret(keyring, USER, 'secret_access_key', SECRET);
		expect(a.ciphertext).not.toBe(b.ciphertext);
		expect(a.ciphertext.slice(0, 16)).not.toBe(b.ciphertext.slice(0, 16));
	});

	it('refuses a ciphertext moved to another user (wrong associated data)', () => {
		const sealed = encryptSecret(keyring, USER, 'secret_access_key', SECRET);
		expect(() =>
			decryptSecret(keyring, OTHER, 'secret_access_key', 'k1', sealed.ciphertext)
		).toThrow(DecryptionError);
	});

	it('refuses a secret ciphertext read as the session token', () => {
		const sealed = encryptSecret(keyring, USER, 'secret_access_key', SECRET);
		expect(() => decryptSecret(keyring, USER, 'session_token', 'k1', sealed.ciphertext)).toThrow(
			DecryptionError
		);
	});

	it('refuses tampered ciphertext, tag or IV', () => {
		const sealed = encryptSecret(keyring, USER, 'secret_access_key', SECRET);
		const bytes = Buffer.from(sealed.ciphertext, 'base64');
		for (const position of [0, 12, bytes.length - 1]) {
			const copy = Buffer.from(bytes);
			copy[position] = copy[position]! ^ 0x01;
			expect(() =>
				decryptSecret(keyring, USER, 'secret_access_key', 'k1', copy.toString('base64'))
			).toThrow(/failed authentication/);
		}
	});

	it('refuses truncated or non-base64 data with a clear error', () => {
		expect(() => decryptSecret(keyring, USER, 'secret_access_key', 'k1', 'AAAA')).toThrow(
			/not in a known encrypted format/
		);
		expect(() => decryptSecret(keyring, USER, 'secret_access_key', 'k1', 'not base64!')).toThrow(
			/not in a known encrypted format/
		);
	});

	it('names a key id that is missing from the keyring without leaking material', () => {
		const sealed = encryptSecret(keyring, USER, 'secret_access_key', SECRET);
		const other = parseKeyring(`k9:${key()}`);
		const error = (() => {
			try {
				decryptSecret(other, USER, 'secret_access_key', 'k1', sealed.ciphertext);
			} catch (e) {
				return e as Error;
			}
		})();
		expect(error?.message).toMatch(/key "k1", which is not in CREDENTIALS_ENCRYPTION_KEY/);
		expect(error?.message).not.toContain(k1);
	});

	it('decrypts rows written under an older key after rotation, and encrypts with the newest', () => {
		const old = encryptSecret(keyring, USER, 'secret_access_key', SECRET);
		const rotated = parseKeyring(`k2:${key()},k1:${k1}`);
		expect(decryptSecret(rotated, USER, 'secret_access_key', old.keyId, old.ciphertext)).toBe(
			SECRET
		);
		const fresh = encryptSecret(rotated, USER, 'secret_access_key', SECRET);
		expect(fresh.keyId).toBe('k2');
		expect(decryptSecret(rotated, USER, 'secret_access_key', 'k2', fresh.ciphertext)).toBe(SECRET);
		// …and a ciphertext relabelled with the other key id fails.
		expect(() => decryptSecret(rotated, USER, 'secret_access_key', 'k1', fresh.ciphertext)).toThrow(
			DecryptionError
		);
	});
});

describe("a row's secrets together", () => {
	const keyring = parseKeyring(`k1:${key()}`);
	const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN0123456789abcdef';

	it('seals the secret and the token under one key id and opens them again', () => {
		const sealed = sealCredentialSecrets(keyring, USER, {
			secretAccessKey: SECRET,
			sessionToken: TOKEN
		});
		expect(sealed.encryption_key_id).toBe('k1');
		expect(sealed.session_token_ciphertext).not.toContain(TOKEN);
		expect(openCredentialSecrets(keyring, USER, sealed)).toEqual({
			secretAccessKey: SECRET,
			sessionToken: TOKEN,
			apiKey: null
		});
	});

	it('seals a Bedrock API key alone, and refuses it moved into the secret column', () => {
		const API_KEY = `ABSK${'Q'.repeat(60)}`;
		const sealed = sealCredentialSecrets(keyring, USER, { apiKey: API_KEY });
		expect(sealed.secret_access_key_ciphertext).toBeNull();
		expect(sealed.api_key_ciphertext).not.toContain(API_KEY.slice(4, 20));
		expect(openCredentialSecrets(keyring, USER, sealed)).toEqual({
			secretAccessKey: null,
			sessionToken: null,
			apiKey: API_KEY
		});
		const moved = { ...sealed, secret_access_key_ciphertext: sealed.api_key_ciphertext };
		expect(() => openCredentialSecrets(keyring, USER, moved)).toThrow(DecryptionError);
	});

	it('stores no token column for a long-term key', () => {
		const sealed = sealCredentialSecrets(keyring, USER, { secretAccessKey: SECRET });
		expect(sealed.session_token_ciphertext).toBeNull();
		expect(openCredentialSecrets(keyring, USER, sealed).sessionToken).toBeNull();
	});

	it('refuses a token column swapped in from another user', () => {
		const mine = sealCredentialSecrets(keyring, USER, { secretAccessKey: SECRET });
		const theirs = sealCredentialSecrets(keyring, OTHER, {
			secretAccessKey: SECRET,
			sessionToken: TOKEN
		});
		const swapped = { ...mine, session_token_ciphertext: theirs.session_token_ciphertext };
		expect(() => openCredentialSecrets(keyring, USER, swapped)).toThrow(DecryptionError);
	});
});
