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
	/** The stored access key, masked; null for kinds without one. */
	accessKeyIdMasked: string | null;
	credentialType: 'access_key' | 'assume_role' | 'api_key';
	/** What identifies the credentials in one line (CredentialsView.summary), never a secret. */
	label: string;
	/** api_key: when the key expires, if it says (short-term keys); else null. */
	apiKeyExpiresAt: string | null;
	clients(): Promise<BedrockClients>;
}
