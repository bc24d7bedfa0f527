/**
 * The statements key rotation runs as the database owner (it must read every user's
 * ciphertext): list the rows, lock one and read its ciphertext, write it re-encrypted.
 */
import type { SealedCredentialSecrets } from '../secrets/crypto';
import type { Sql, TransactionSql } from './client';

export interface RowToRotate extends SealedCredentialSecrets {
	id: string;
	user_id: string;
}

/** Users with stored credentials (only those in `userIds` when given), in a stable order. */
export async function listCredentialOwners(
	sql: Sql,
	userIds?: string[]
): Promise<{ user_id: string }[]> {
	return userIds
		? sql<
				{ user_id: string }[]
			>`select user_id from public.bedrock_credentials where user_id = any(${userIds}::uuid[]) order by user_id`
		: sql<{ user_id: string }[]>`select user_id from public.bedrock_credentials order by user_id`;
}

/** The row of `userId`, locked until the transaction ends; null when it was deleted meanwhile. */
export async function lockCredentialsForRotation(
	tx: TransactionSql,
	userId: string
): Promise<RowToRotate | null> {
	const [row] = await tx<RowToRotate[]>`
		select id, user_id, encryption_key_id, secret_access_key_ciphertext, session_token_ciphertext,
		       api_key_ciphertext
		from public.bedrock_credentials where user_id = ${userId} for update
	`;
	return row ?? null;
}

export async function writeRotatedSecrets(
	tx: TransactionSql,
	id: string,
	sealed: SealedCredentialSecrets
): Promise<void> {
	await tx`
		update public.bedrock_credentials
		set secret_access_key_ciphertext = ${sealed.secret_access_key_ciphertext},
		    session_token_ciphertext = ${sealed.session_token_ciphertext},
		    api_key_ciphertext = ${sealed.api_key_ciphertext},
		    encryption_key_id = ${sealed.encryption_key_id}
		where id = ${id}
	`;
}
