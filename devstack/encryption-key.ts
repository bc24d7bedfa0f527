// The local stack's CREDENTIALS_ENCRYPTION_KEY: one random AES-256 key, kept in the data folder
// so a second run can still decrypt what the first one stored. Format: `<key id>:<base64 key>`.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function newEncryptionKey(keyId = 'local1'): string {
	return `${keyId}:${randomBytes(32).toString('base64')}`;
}

export function loadOrCreateEncryptionKey(dir: string): string {
	const path = join(dir, 'credentials-encryption-key');
	if (existsSync(path)) return readFileSync(path, 'utf8').trim();
	const key = newEncryptionKey();
	writeFileSync(path, `${key}\n`, { mode: 0o600 });
	return key;
}
