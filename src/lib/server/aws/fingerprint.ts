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
	const parts: string[] =
		credentials.kind === 'access_key'
			? [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? '']
			: credentials.kind === 'api_key'
				? [credentials.apiKey]
				: [
						credentials.roleArn,
						credentials.externalId,
						credentials.source.kind,
						credentials.source.kind === 'access_key' ? credentials.source.accessKeyId : '',
						credentials.source.kind === 'access_key' ? credentials.source.secretAccessKey : ''
					];
	const hmac = createHmac('sha256', processKey).update(credentials.kind);
	for (const part of parts) hmac.update('\0').update(part);
	return hmac.digest('base64url').slice(0, 32);
}
