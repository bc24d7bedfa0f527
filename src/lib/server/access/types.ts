import type { BedrockClients } from '../aws/clients';

/**
 * A user's way into Bedrock, as the API layer sees it: known from one RLS read of the
 * non-secret columns (`cacheKey`, `region`); the decrypted clients are only built on demand,
 * so a cache hit never decrypts anything.
 */
export interface BedrockAccess {
	userId: string;
	/** `userId|updatedAt|region`: changes whenever the stored credentials change. */
	cacheKey: string;
	region: string;
	accessKeyIdMasked: string;
	clients(): Promise<BedrockClients>;
}
