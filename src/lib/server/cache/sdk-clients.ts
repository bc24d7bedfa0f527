/**
 * The one cache of AWS SDK clients: built from a user's decrypted credentials, keyed by
 * `userId|updatedAt|region` (the same key as the models cache, known from one RLS read of the
 * non-secret columns), so a warm call neither reads the ciphertext nor decrypts again, and a
 * change of the stored row (on any instance) changes the key. The cache owns the clients'
 * lifetime: an entry that is evicted, expires or is forgotten has its clients destroyed.
 * An optimisation only.
 */
import { destroyBedrockClientsLater, type BedrockClients } from '../aws/clients';
import { LruCache } from './lru';

const sdkClients = new LruCache<BedrockClients>(500, 15 * 60_000, (_key, clients) =>
	destroyBedrockClientsLater(clients)
);

export function accessCacheKey(userId: string, updatedAt: Date | string, region: string): string {
	return `${userId}|${new Date(updatedAt).getTime()}|${region}`;
}

/** The cached clients for this key, or the ones `build` makes (then cached). */
export async function cachedSdkClients(
	key: string,
	build: () => Promise<{ key: string; clients: BedrockClients }>
): Promise<BedrockClients> {
	const cached = sdkClients.get(key);
	if (cached) return cached;
	const built = await build();
	// `build` reads the row again; it may have changed since `key` was made.
	const hit = sdkClients.get(built.key);
	if (hit) {
		destroyBedrockClientsLater(built.clients, 0);
		return hit;
	}
	// The same user's older credentials are dead weight once newer ones are in use.
	forgetSdkClients(built.key.slice(0, built.key.indexOf('|')));
	sdkClients.set(built.key, built.clients);
	return built.clients;
}

export function forgetSdkClients(userId: string): void {
	sdkClients.deletePrefix(`${userId}|`);
}

/** For tests: how many users' clients are held. */
export function sdkClientsHeld(): number {
	return sdkClients.size;
}
