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
	'updated_at'
] as const satisfies readonly (keyof BedrockCredentialsRow)[];

export async function upsertCredentialsRow(
	tx: TransactionSql,
	write: BedrockCredentialsWrite
): Promise<BedrockCredentialsRow> {
	const credentialType = write.credential_type ?? 'access_key';
	const rows = await tx<BedrockCredentialsRow[]>`
		insert into public.bedrock_credentials
			(user_id, credential_type, access_key_id, secret_access_key_ciphertext, session_token_ciphertext,
			 encryption_key_id, region)
		values (${write.user_id}, ${credentialType}, ${write.access_key_id}, ${write.secret_access_key_ciphertext},
		        ${write.session_token_ciphertext}, ${write.encryption_key_id}, ${write.region})
		on conflict (user_id) do update set
			credential_type = ${credentialType},
			access_key_id = ${write.access_key_id},
			secret_access_key_ciphertext = ${write.secret_access_key_ciphertext},
			session_token_ciphertext = ${write.session_token_ciphertext},
			encryption_key_id = ${write.encryption_key_id},
			region = ${write.region}
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
