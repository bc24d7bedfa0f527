/**
 * A fingerprint of a set of credentials, used as a cache key.
 *
 * HMAC-SHA256 under a random per-process key: equal credentials give equal fingerprints inside
 * this process, but the value says nothing about the secret and is useless anywhere else.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { BedrockCredentials } from './credentials';

const processKey = randomBytes(32);

export function credentialsFingerprint(credentials: BedrockCredentials): string {
	return createHmac('sha256', processKey)
		.update(credentials.kind)
		.update('\0')
		.update(credentials.accessKeyId)
		.update('\0')
		.update(credentials.secretAccessKey)
		.update('\0')
		.update(credentials.sessionToken ?? '')
		.digest('base64url')
		.slice(0, 32);
}
