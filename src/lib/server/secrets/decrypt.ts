/**
 * Where a stored secret is decrypted: the one privileged read of the ciphertext, opened with
 * the server's keyring right before the SDK clients that sign the user's AWS requests are built.
 */
import { maskAccessKeyId } from '../../schemas/credentials';
import type { BedrockCredentials } from '../aws/credentials';
import { readCredentialSecrets } from '../db/privileged';
import type { BedrockCredentialsSecretRow } from '../db/types';
import { AppError } from '../errors';
import { DecryptionError, openCredentialSecrets, type CredentialSecrets } from './crypto';
import { serverKeyring } from './server-keyring';

export interface DecryptedCredentials {
	credentials: BedrockCredentials;
	region: string;
	updatedAt: Date;
	/** The stored access key, masked; null for kinds without one. */
	accessKeyIdMasked: string | null;
}

/** Why a row cannot become credentials although it decrypted (the table's checks forbid it). */
function incomplete(kind: string): never {
	throw new DecryptionError(`Stored ${kind} credentials are incomplete`);
}

/** The row and its opened secrets as the credentials one kind needs. */
function credentialsOf(
	row: BedrockCredentialsSecretRow,
	secrets: CredentialSecrets,
	userId: string
): BedrockCredentials {
	if (row.credential_type === 'api_key') {
		if (!secrets.apiKey || !row.api_key_kind) return incomplete('API key');
		return {
			kind: 'api_key',
			apiKey: secrets.apiKey,
			apiKeyKind: row.api_key_kind,
			expiresAt: row.api_key_expires_at ? new Date(row.api_key_expires_at).toISOString() : null
		};
	}
	if (row.credential_type === 'assume_role') {
		if (!row.role_arn || !row.external_id || !row.assume_role_via) return incomplete('role');
		const viaKey = row.assume_role_via === 'access_key';
		if (viaKey && (!row.access_key_id || !secrets.secretAccessKey)) return incomplete('role');
		return {
			kind: 'assume_role',
			roleArn: row.role_arn,
			externalId: row.external_id,
			roleSessionName: `bedrock-admin-${userId.slice(0, 8)}`,
			...(row.session_duration_seconds
				? { sessionDurationSeconds: row.session_duration_seconds }
				: {}),
			source: viaKey
				? {
						kind: 'access_key',
						accessKeyId: row.access_key_id!,
						secretAccessKey: secrets.secretAccessKey!
					}
				: { kind: 'deployment' }
		};
	}
	if (!row.access_key_id || !secrets.secretAccessKey) return incomplete('access key');
	return {
		kind: 'access_key',
		accessKeyId: row.access_key_id,
		secretAccessKey: secrets.secretAccessKey,
		...(secrets.sessionToken ? { sessionToken: secrets.sessionToken } : {})
	};
}

/**
 * PRIVILEGED: reads and decrypts the stored secret of `userId`. Callers must already have
 * established (procedure auth + an RLS read) that the acting user may use these credentials.
 * Returns null when the user has none; throws an AppError when they cannot be decrypted.
 */
export async function loadDecryptedCredentials(
	userId: string
): Promise<DecryptedCredentials | null> {
	const row = await readCredentialSecrets(userId);
	if (!row) return null;
	const keyring = serverKeyring();
	try {
		const secrets = openCredentialSecrets(keyring, userId, row);
		return {
			credentials: credentialsOf(row, secrets, userId),
			region: row.region,
			updatedAt: row.updated_at,
			accessKeyIdMasked: row.access_key_id ? maskAccessKeyId(row.access_key_id) : null
		};
	} catch (err) {
		if (!(err instanceof DecryptionError)) throw err;
		console.error(`[credentials] cannot decrypt credentials of user ${userId}: ${err.message}`);
		throw new AppError(
			'PRECONDITION_FAILED',
			'The saved AWS credentials cannot be decrypted on this server.',
			{
				hint: 'Save the credentials again. If this happens for every user, the server’s CREDENTIALS_ENCRYPTION_KEY no longer contains the key they were encrypted with.'
			}
		);
	}
}
