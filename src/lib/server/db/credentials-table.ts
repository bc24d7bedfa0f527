/**
 * The statements on public.bedrock_credentials, for use inside withUserRls (so RLS and the
 * column privileges apply) — the credentials module builds its domain logic on these.
 *
 * Why the save repeats its values instead of `set x = excluded.x`: reading `excluded.<column>`
 * needs SELECT on that column, and authenticated deliberately has no SELECT on the ciphertext
 * columns (SQLSTATE 42501). The single `insert ... on conflict (user_id) do update` is atomic,
 * so two concurrent saves for one user leave exactly one row (the unique user_id decides).
 */
import type { TransactionSql } from './client';
import { uuidLiteral } from './literals';
import type {
	AdminUserCredentialsRow,
	BedrockCredentialsRow,
	BedrockCredentialsWrite
} from './types';

const PUBLIC_COLUMNS = [
	'id',
	'user_id',
	'credential_type',
	'access_key_id',
	'has_session_token',
	'region',
	'created_at',
	'updated_at',
	'role_arn',
	'external_id',
	'assume_role_via',
	'session_duration_seconds',
	'api_key_kind',
	'api_key_last4',
	'api_key_expires_at'
] as const satisfies readonly (keyof BedrockCredentialsRow)[];

export async function upsertCredentialsRow(
	tx: TransactionSql,
	write: BedrockCredentialsWrite
): Promise<BedrockCredentialsRow> {
	const w = { ...write, credential_type: write.credential_type ?? 'access_key' };
	// Every column is written on both paths, so a save that changes the kind leaves nothing of
	// the previous kind behind (the table's kind-shape check would refuse a mix anyway).
	const rows = await tx<BedrockCredentialsRow[]>`
		insert into public.bedrock_credentials
			(user_id, credential_type, access_key_id, secret_access_key_ciphertext, session_token_ciphertext,
			 encryption_key_id, region, role_arn, external_id, assume_role_via, session_duration_seconds,
			 api_key_ciphertext, api_key_kind, api_key_last4, api_key_expires_at)
		values (${w.user_id}, ${w.credential_type}, ${w.access_key_id}, ${w.secret_access_key_ciphertext},
		        ${w.session_token_ciphertext}, ${w.encryption_key_id}, ${w.region}, ${w.role_arn},
		        ${w.external_id}, ${w.assume_role_via}, ${w.session_duration_seconds},
		        ${w.api_key_ciphertext}, ${w.api_key_kind}, ${w.api_key_last4}, ${w.api_key_expires_at})
		on conflict (user_id) do update set
			credential_type = ${w.credential_type},
			access_key_id = ${w.access_key_id},
			secret_access_key_ciphertext = ${w.secret_access_key_ciphertext},
			session_token_ciphertext = ${w.session_token_ciphertext},
			encryption_key_id = ${w.encryption_key_id},
			region = ${w.region},
			role_arn = ${w.role_arn},
			external_id = ${w.external_id},
			assume_role_via = ${w.assume_role_via},
			session_duration_seconds = ${w.session_duration_seconds},
			api_key_ciphertext = ${w.api_key_ciphertext},
			api_key_kind = ${w.api_key_kind},
			api_key_last4 = ${w.api_key_last4},
			api_key_expires_at = ${w.api_key_expires_at}
		returning ${tx(PUBLIC_COLUMNS)}
	`;
	const saved = rows[0];
	// RLS turns a forbidden write into an error (insert) or into zero rows (the update branch).
	if (!saved) throw new Error('Saving credentials affected no row: not allowed for this user.');
	return saved;
}

/**
 * Changes only the region (not secret, so no re-entered key is needed). Null when there is
 * no row (or none this user may change). The audit trigger records the old and new region.
 */
export async function updateCredentialsRegion(
	tx: TransactionSql,
	userId: string,
	region: string
): Promise<BedrockCredentialsRow | null> {
	const rows = await tx<BedrockCredentialsRow[]>`
		update public.bedrock_credentials set region = ${region}
		where user_id = ${userId}
		returning ${tx(PUBLIC_COLUMNS)}
	`;
	return rows[0] ?? null;
}

/**
 * The user's own row, or any row for an admin; null when none is visible. Every API call that
 * reaches AWS starts here, so the id is inlined (db/literals.ts): one round trip, not two.
 */
export async function selectCredentialsRow(
	tx: TransactionSql,
	userId: string
): Promise<BedrockCredentialsRow | null> {
	const rows = await tx<BedrockCredentialsRow[]>`
		select ${tx(PUBLIC_COLUMNS)} from public.bedrock_credentials
		where user_id = ${uuidLiteral(tx, userId)}
	`;
	return rows[0] ?? null;
}

/** True when a row was deleted (false: none, or not visible to this user). */
export async function deleteCredentialsRow(tx: TransactionSql, userId: string): Promise<boolean> {
	const result = await tx`delete from public.bedrock_credentials where user_id = ${userId}`;
	return result.count > 0;
}

/** Admins only (SQLSTATE 42501 for anyone else): every user, with email and masked facts. */
export async function listUsersWithCredentials(
	tx: TransactionSql
): Promise<AdminUserCredentialsRow[]> {
	return tx<AdminUserCredentialsRow[]>`select * from public.admin_list_users_with_credentials()`;
}
