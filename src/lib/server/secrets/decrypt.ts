/**
 * Where a stored secret is decrypted: the one privileged read of the ciphertext, opened with
 * the server's keyring right before the SDK clients that sign the user's AWS requests are built.
 */
import { maskAccessKeyId } from '../../schemas/credentials';
import type { BedrockCredentials } from '../aws/credentials';
import { readCredentialSecrets } from '../db/privileged';
import { AppError } from '../errors';
import { DecryptionError, openCredentialSecrets } from './crypto';
import { serverKeyring } from './server-keyring';

export interface DecryptedCredentials {
	credentials: BedrockCredentials;
	region: string;
	updatedAt: Date;
	accessKeyIdMasked: string;
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
		const { secretAccessKey, sessionToken } = openCredentialSecrets(keyring, userId, row);
		return {
			credentials: {
				kind: 'access_key',
				accessKeyId: row.access_key_id,
				secretAccessKey,
				...(sessionToken ? { sessionToken } : {})
			},
			region: row.region,
			updatedAt: row.updated_at,
			accessKeyIdMasked: maskAccessKeyId(row.access_key_id)
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
