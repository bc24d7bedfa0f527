/**
 * Authenticated encryption of the secret access key and session token (AES-256-GCM).
 *
 * Stored format (text column, as the migration documents): standard base64 of
 * `iv (12 random bytes) || tag (16 bytes) || ciphertext`. The key id lives in the row
 * (`encryption_key_id`). Associated data binds each ciphertext to its row and purpose:
 * `bedrock_credentials|<user_id>|<field>|<key id>` — so a ciphertext copied onto another
 * user's row, swapped between the secret and token columns, or relabelled with another key id
 * fails to decrypt instead of silently signing with someone else's key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring';

export type SecretField = 'secret_access_key' | 'session_token' | 'api_key';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
	override readonly name = 'DecryptionError';
}

function associatedData(userId: string, field: SecretField, keyId: string): Buffer {
	return Buffer.from(`bedrock_credentials|${userId}|${field}|${keyId}`, 'utf8');
}

export interface Sealed {
	keyId: string;
	/** base64(iv || tag || ciphertext) */
	ciphertext: string;
}

export function encryptSecret(
	keyring: Keyring,
	userId: string,
	field: SecretField,
	plaintext: string
): Sealed {
	const { id, key } = keyring.current;
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
	cipher.setAAD(associatedData(userId, field, id));
	const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
	return {
		keyId: id,
		ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
	};
}

export function decryptSecret(
	keyring: Keyring,
	userId: string,
	field: SecretField,
	keyId: string,
	sealed: string
): string {
	const key = keyring.byId.get(keyId);
	if (!key) {
		throw new DecryptionError(
			`Stored credentials were encrypted with key "${keyId}", which is not in CREDENTIALS_ENCRYPTION_KEY`
		);
	}
	const data = /^[A-Za-z0-9+/]+={0,2}$/.test(sealed)
		? Buffer.from(sealed, 'base64')
		: Buffer.alloc(0);
	if (data.length <= IV_BYTES + TAG_BYTES) {
		throw new DecryptionError('Stored credentials are not in a known encrypted format');
	}
	const iv = data.subarray(0, IV_BYTES);
	const tag = data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
	const body = data.subarray(IV_BYTES + TAG_BYTES);
	try {
		const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
		decipher.setAAD(associatedData(userId, field, keyId));
		decipher.setAuthTag(tag);
		return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
	} catch {
		throw new DecryptionError(
			'Stored credentials failed authentication (wrong key, wrong row or tampered data)'
		);
	}
}

/** The secret columns of one credentials row, as stored (one key id covers them all). */
export interface SealedCredentialSecrets {
	encryption_key_id: string;
	/** Null for kinds without a key: assume_role via the deployment, api_key. */
	secret_access_key_ciphertext: string | null;
	session_token_ciphertext: string | null;
	api_key_ciphertext: string | null;
}

export interface CredentialSecrets {
	secretAccessKey: string | null;
	sessionToken: string | null;
	apiKey: string | null;
}

/** Encrypts whichever of a row's secrets are given under the keyring's current key. */
export function sealCredentialSecrets(
	keyring: Keyring,
	userId: string,
	secrets: { secretAccessKey?: string | null; sessionToken?: string | null; apiKey?: string | null }
): SealedCredentialSecrets {
	const seal = (field: SecretField, value: string | null | undefined) =>
		value ? encryptSecret(keyring, userId, field, value).ciphertext : null;
	return {
		encryption_key_id: keyring.current.id,
		secret_access_key_ciphertext: seal('secret_access_key', secrets.secretAccessKey),
		session_token_ciphertext: seal('session_token', secrets.sessionToken),
		api_key_ciphertext: seal('api_key', secrets.apiKey)
	};
}

/** Decrypts a row's secrets; throws DecryptionError when any fails. */
export function openCredentialSecrets(
	keyring: Keyring,
	userId: string,
	row: SealedCredentialSecrets
): CredentialSecrets {
	const keyId = row.encryption_key_id;
	const open = (field: SecretField, sealed: string | null) =>
		sealed ? decryptSecret(keyring, userId, field, keyId, sealed) : null;
	return {
		secretAccessKey: open('secret_access_key', row.secret_access_key_ciphertext),
		sessionToken: open('session_token', row.session_token_ciphertext),
		apiKey: open('api_key', row.api_key_ciphertext)
	};
}
