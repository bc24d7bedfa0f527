/**
 * The row shapes the server's statements select and write, cut from the generated types of the
 * tables (schema.generated.ts, `npm run db:types`). Pick names columns that must exist, so a
 * migration that renames, drops or retypes a column breaks the type check here or at the query
 * that uses it. Timestamps arrive from postgres.js as Date objects, bigint as a string.
 */
import type { PublicFunctions, PublicTables } from './schema.generated';

type Row<Table extends keyof PublicTables> = PublicTables[Table]['row'];
type Insert<Table extends keyof PublicTables> = PublicTables[Table]['insert'];
/** Omit that refuses a key the type does not have (a renamed column must not pass silently). */
export type Without<T, K extends keyof T> = Omit<T, K>;

type CredentialsTableRow = Row<'bedrock_credentials'>;

export type CredentialType = CredentialsTableRow['credential_type'];

/** What `authenticated` may select from public.bedrock_credentials (no ciphertext, no key id). */
export type BedrockCredentialsRow = Pick<
	CredentialsTableRow,
	| 'id'
	| 'user_id'
	| 'credential_type'
	| 'access_key_id'
	| 'region'
	| 'created_at'
	| 'updated_at'
	| 'role_arn'
	| 'external_id'
	| 'assume_role_via'
	| 'session_duration_seconds'
	| 'api_key_kind'
	| 'api_key_last4'
	| 'api_key_expires_at'
> & {
	/** Generated as `session_token_ciphertext is not null`, so never null (Postgres cannot say so). */
	has_session_token: boolean;
};

/** What a save writes (insert ... on conflict (user_id) do update). Ciphertexts: base64(iv|tag|ct). */
export type BedrockCredentialsWrite = Pick<
	Insert<'bedrock_credentials'>,
	'credential_type' | 'encryption_key_id'
> &
	Pick<
		CredentialsTableRow,
		| 'user_id'
		| 'access_key_id'
		| 'secret_access_key_ciphertext'
		| 'session_token_ciphertext'
		| 'region'
		| 'role_arn'
		| 'external_id'
		| 'assume_role_via'
		| 'session_duration_seconds'
		| 'api_key_ciphertext'
		| 'api_key_kind'
		| 'api_key_last4'
		| 'api_key_expires_at'
	>;

/** Returned only by the privileged read (private.get_bedrock_secret) for decryption. */
export type BedrockCredentialsSecretRow = Pick<
	CredentialsTableRow,
	| 'user_id'
	| 'credential_type'
	| 'access_key_id'
	| 'secret_access_key_ciphertext'
	| 'session_token_ciphertext'
	| 'encryption_key_id'
	| 'region'
	| 'updated_at'
	| 'role_arn'
	| 'external_id'
	| 'assume_role_via'
	| 'session_duration_seconds'
	| 'api_key_ciphertext'
	| 'api_key_kind'
	| 'api_key_expires_at'
>;

export type AuditAction = Row<'audit_log'>['action'];

/** details: never a secret (masked key id, region, credential type, ...). */
export type AuditLogRow = Row<'audit_log'>;

export type ConnectionTestStatus = Row<'connection_tests'>['status'];

/** checks: the per-check results as the connection test reports them (no secrets). */
export type ConnectionTestRow = Row<'connection_tests'>;

/** One AWS call in the usage ledger (cost_usd: numeric, as a decimal string). */
export type BedrockUsageRow = Row<'bedrock_usage'>;

type AdminListRow = PublicFunctions['admin_list_users_with_credentials']['returns'][number];

/**
 * public.admin_list_users_with_credentials(): one row per user; credential columns null when
 * none. A function's result columns are all nullable to Postgres; user_id comes from
 * auth.users' primary key, and credential_type from the table's checked column.
 */
export type AdminUserCredentialsRow = Without<AdminListRow, 'user_id' | 'credential_type'> & {
	user_id: NonNullable<AdminListRow['user_id']>;
	credential_type: CredentialType | null;
};
