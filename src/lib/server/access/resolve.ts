/**
 * From "who is calling" to "a way into Bedrock with their stored keys".
 *
 * One RLS query reads the non-secret columns (so RLS decides whether the caller may use the
 * row at all); the privileged read + decryption happens only when AWS is actually called, and
 * its resulting SDK clients are kept per `userId|updatedAt|region` so a warm call does not
 * decrypt again. A change of the row changes that key, on every instance.
 */
import { maskAccessKeyId } from '../../schemas/credentials';
import { bedrockClientsFor, type BedrockClients } from '../aws/clients';
import type { BedrockAccess } from './types';
import { noCredentialsError } from './no-credentials';
import { accessCacheKey, clientsByRow } from '../cache/sdk-clients';
import { readCredentialsRow, type UserDb } from '../credentials/store';
import { loadDecryptedCredentials } from '../secrets/decrypt';

async function buildClients(userId: string, cacheKey: string): Promise<BedrockClients> {
	const cached = clientsByRow.get(cacheKey);
	if (cached) return cached;
	const decrypted = await loadDecryptedCredentials(userId);
	// Deleted between the RLS read and this one.
	if (!decrypted) throw noCredentialsError();
	const clients = bedrockClientsFor(decrypted.credentials, decrypted.region, userId);
	clientsByRow.set(accessCacheKey(userId, decrypted.updatedAt, decrypted.region), clients);
	return clients;
}

/** The caller's (or, for admins, any user's) Bedrock access; null when no credentials are saved. */
export async function bedrockAccessFor(db: UserDb, userId: string): Promise<BedrockAccess | null> {
	const row = await readCredentialsRow(db, userId);
	if (!row) return null;
	const cacheKey = accessCacheKey(userId, row.updated_at, row.region);
	return {
		userId,
		cacheKey,
		region: row.region,
		accessKeyIdMasked: maskAccessKeyId(row.access_key_id),
		clients: () => buildClients(userId, cacheKey)
	};
}
