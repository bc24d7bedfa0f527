/**
 * Row shapes of the tables in supabase/migrations, written by hand to match them (keep in step
 * when a migration changes a table). Timestamps arrive from postgres.js as Date objects.
 */

/** What `authenticated` may select from public.bedrock_credentials (no ciphertext, no key id). */
export interface BedrockCredentialsRow {
	id: string;
	user_id: string;
	credential_type: CredentialType;
	access_key_id: string;
	has_session_token: boolean;
	region: string;
	created_at: Date;
	updated_at: Date;
}

export type CredentialType = 'access_key';

/** What a save writes (insert ... on conflict (user_id) do update). Ciphertexts: base64(iv|tag|ct). */
export interface BedrockCredentialsWrite {
	user_id: string;
	access_key_id: string;
	secret_access_key_ciphertext: string;
	session_token_ciphertext: string | null;
	encryption_key_id: string;
	region: string;
	credential_type?: CredentialType;
}

/** Returned only by the privileged read (private.get_bedrock_secret) for decryption. */
export interface BedrockCredentialsSecretRow {
	user_id: string;
	credential_type: CredentialType;
	access_key_id: string;
	secret_access_key_ciphertext: string;
	session_token_ciphertext: string | null;
	encryption_key_id: string;
	region: string;
	updated_at: Date;
}

export type AuditAction =
	| 'credentials.saved'
	| 'credentials.deleted'
	| 'credentials.admin_saved'
	| 'credentials.admin_deleted'
	| 'credentials.rotated'
	| 'connection.tested';

export interface AuditLogRow {
	id: string; // bigint: postgres.js returns int8 as a string
	actor_id: string | null;
	target_user_id: string | null;
	action: AuditAction;
	/** Never a secret: masked key id, region, credential type, ... */
	details: Record<string, unknown>;
	created_at: Date;
}

export type ConnectionTestStatus = 'pass' | 'fail' | 'partial';

export interface ConnectionTestRow {
	user_id: string;
	tested_at: Date;
	status: ConnectionTestStatus;
	/** The per-check results as the connection test reports them (no secrets). */
	checks: unknown[];
	region: string;
}

/** public.admin_list_users_with_credentials(): one row per user; credential columns null when none. */
export interface AdminUserCredentialsRow {
	user_id: string;
	email: string | null;
	credentials_id: string | null;
	credential_type: CredentialType | null;
	access_key_id: string | null;
	has_session_token: boolean | null;
	region: string | null;
	created_at: Date | null;
	updated_at: Date | null;
}
