/**
 * SDK clients built from a user's decrypted credentials, keyed by `userId|updatedAt|region`,
 * so a warm call neither reads the ciphertext nor decrypts again. An optimisation only.
 */
import type { BedrockClients } from '../aws/clients';
import { LruCache } from './lru';

export const clientsByRow = new LruCache<BedrockClients>(500, 15 * 60_000);

export function accessCacheKey(userId: string, updatedAt: Date | string, region: string): string {
	return `${userId}|${new Date(updatedAt).getTime()}|${region}`;
}

export function forgetUserAccess(userId: string): void {
	clientsByRow.deletePrefix(`${userId}|`);
}
