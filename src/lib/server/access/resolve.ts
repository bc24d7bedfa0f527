/**
 * From "who is calling" to "a way into Bedrock with their stored keys".
 *
 * One RLS query reads the non-secret columns (so RLS decides whether the caller may use the
 * row at all); the privileged read + decryption happens only when AWS is actually called, and
 * its resulting SDK clients are kept per `userId|updatedAt|region` so a warm call does not
 * decrypt again. A change of the row changes that key, on every instance.
 */
import { maskAccessKeyId } from '../../schemas/credentials';
import { createBedrockClients, type BedrockClients } from '../aws/clients';
import type { BedrockAccess } from './types';
import { noCredentialsError } from './no-credentials';
import { accessCacheKey, cachedSdkClients } from '../cache/sdk-clients';
import { cachedOwnCredentials } from '../cache/own-credentials';
import type { BedrockCredentialsRow } from '../db/types';
import { readCredentialsRow, toCredentialsView, type UserDb } from '../credentials/store';
import { loadDecryptedCredentials } from '../secrets/decrypt';

function clientsFor(userId: string, cacheKey: string): Promise<BedrockClients> {
	return cachedSdkClients(cacheKey, async () => {
		const decrypted = await loadDecryptedCredentials(userId);
		// Deleted between the RLS read and this one.
		if (!decrypted) throw noCredentialsError();
		return {
			key: accessCacheKey(userId, decrypted.updatedAt, decrypted.region),
			clients: createBedrockClients(decrypted.credentials, decrypted.region)
		};
	});
}

/** The caller's (or, for admins, any user's) Bedrock access; null when no credentials are saved. */
export async function bedrockAccessFor(db: UserDb, userId: string): Promise<BedrockAccess | null> {
	return accessFromRow(userId, await readCredentialsRow(db, userId));
}

/**
 * The caller's own access for the hot procedures (models.*, invoke.*): the row may come from a
 * few seconds' cache (cache/own-credentials.ts says how stale it may be). Anything that must see
 * the row as stored now (the connection test, admins acting for a user) uses `bedrockAccessFor`.
 */
export async function ownBedrockAccess(db: UserDb, userId: string): Promise<BedrockAccess | null> {
	return accessFromRow(
		userId,
		await cachedOwnCredentials(userId, () => readCredentialsRow(db, userId))
	);
}

function accessFromRow(userId: string, row: BedrockCredentialsRow | null): BedrockAccess | null {
	if (!row) return null;
	const cacheKey = accessCacheKey(userId, row.updated_at, row.region);
	return {
		userId,
		cacheKey,
		region: row.region,
		accessKeyIdMasked: row.access_key_id ? maskAccessKeyId(row.access_key_id) : null,
		credentialType: row.credential_type,
		label: toCredentialsView(row).summary,
		apiKeyExpiresAt: row.api_key_expires_at ? new Date(row.api_key_expires_at).toISOString() : null,
		clients: () => clientsFor(userId, cacheKey)
	};
}
