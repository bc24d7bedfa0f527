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
