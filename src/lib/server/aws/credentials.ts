/**
 * The credentials a Bedrock client is built from.
 *
 * A discriminated union so that role assumption (`assume_role`: role ARN + external id) and
 * Bedrock API keys (`api_key`: bearer token) can be added later without changing callers; only
 * `access_key` (with an optional session token for temporary ASIA… keys) exists today.
 */
export interface AccessKeyCredentials {
	kind: 'access_key';
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export type BedrockCredentials = AccessKeyCredentials;

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
	clients(): Promise<import('./clients').BedrockClients>;
}
