/**
 * The credentials a Bedrock client is built from, one shape per stored kind.
 *
 * - access_key: signed with the user's key (and session token for temporary ASIA… keys);
 * - assume_role: signed with temporary keys from sts:AssumeRole on the user's role, sent with
 *   the user's external ID; the caller of AssumeRole is the deployment's own identity
 *   (deployment-identity.ts, used for nothing else) or the user's stored key (role chaining);
 * - api_key: a Bedrock API key sent as a bearer token, for this user's clients only.
 */
export interface AccessKeyCredentials {
	kind: 'access_key';
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export interface AssumeRoleCredentials {
	kind: 'assume_role';
	roleArn: string;
	externalId: string;
	/** Names the session in the role's CloudTrail (`bedrock-admin-<user id prefix>`). */
	roleSessionName: string;
	sessionDurationSeconds?: number;
	source:
		{ kind: 'deployment' } | { kind: 'access_key'; accessKeyId: string; secretAccessKey: string };
}

export interface ApiKeyCredentials {
	kind: 'api_key';
	apiKey: string;
	apiKeyKind: 'short_term' | 'long_term';
	expiresAt: string | null;
}

export type BedrockCredentials = AccessKeyCredentials | AssumeRoleCredentials | ApiKeyCredentials;
