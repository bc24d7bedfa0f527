/**
 * The credentials store: save, read (masked), delete and list, always as the calling user
 * (`db` runs under RLS, so an owner reaches only their row and an admin every row), plus the
 * one privileged read that decrypts a user's secret right before it signs an AWS request.
 *
 * Audit entries for saves and deletes are written by the table's trigger in the same
 * transaction (see supabase/migrations), so they cannot be skipped or forged from here.
 */
import {
	maskAccessKeyId,
	keyKindOf,
	type AdminCredentialsRow,
	type CredentialsView,
	type SaveCredentialsInput
} from '../../schemas/credentials';
import { invalidateUserClients } from '../aws/clients';
import { invalidateUserModels } from '../cache/models';
import type { BedrockCredentials } from '../aws/credentials';
import {
	deleteCredentialsRow,
	listUsersWithCredentials,
	selectCredentialsRow,
	upsertCredentialsRow
} from '../db/credentials-table';
import { readCredentialSecrets } from '../db/privileged';
import type { UserDb } from '../db/rls';
import type { BedrockCredentialsRow } from '../db/types';
import { AppError } from '../errors';
import { forgetUserAccess } from '../cache/sdk-clients';
import { DecryptionError, openCredentialSecrets, sealCredentialSecrets } from '../secrets/crypto';
import { KeyringError, keyringFromEnv, type Keyring } from '../secrets/keyring';

export type { UserDb };

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

export function toCredentialsView(
	row: Pick<
		BedrockCredentialsRow,
		| 'credential_type'
		| 'access_key_id'
		| 'has_session_token'
		| 'region'
		| 'created_at'
		| 'updated_at'
	>
): CredentialsView {
	return {
		credentialType: row.credential_type,
		accessKeyIdMasked: maskAccessKeyId(row.access_key_id),
		keyKind: keyKindOf(row.access_key_id),
		hasSessionToken: row.has_session_token,
		region: row.region,
		createdAt: iso(row.created_at),
		updatedAt: iso(row.updated_at)
	};
}

function serverKeyring(): Keyring {
	try {
		return keyringFromEnv();
	} catch (err) {
		// The detailed reason is for the operator's log; the user gets a stable message.
		if (err instanceof KeyringError) console.error(`[credentials] ${err.message}`);
		throw new AppError(
			'INTERNAL_SERVER_ERROR',
			'Credential encryption is not configured on this server.',
			{
				hint: 'An operator must set CREDENTIALS_ENCRYPTION_KEY (see README).'
			}
		);
	}
}

/** Drops everything cached for a user; called after any change to their credentials. */
export function forgetUserCaches(userId: string): void {
	invalidateUserClients(userId);
	invalidateUserModels(userId);
	forgetUserAccess(userId);
}

/** Public (non-secret) columns of a user's row, in one RLS query. */
export async function readCredentialsRow(
	db: UserDb,
	userId: string
): Promise<BedrockCredentialsRow | null> {
	return db((tx) => selectCredentialsRow(tx, userId));
}

export async function getCredentials(db: UserDb, userId: string): Promise<CredentialsView | null> {
	const row = await readCredentialsRow(db, userId);
	return row ? toCredentialsView(row) : null;
}

/** Creates or replaces (atomically, one upsert on user_id) the credentials of `userId`. */
export async function saveCredentials(
	db: UserDb,
	userId: string,
	input: SaveCredentialsInput
): Promise<CredentialsView> {
	const sealed = sealCredentialSecrets(serverKeyring(), userId, input);
	const row = await db((tx) =>
		upsertCredentialsRow(tx, {
			user_id: userId,
			credential_type: 'access_key',
			access_key_id: input.accessKeyId,
			...sealed,
			region: input.region
		})
	);
	forgetUserCaches(userId);
	return toCredentialsView(row);
}

export async function deleteCredentials(db: UserDb, userId: string): Promise<{ deleted: boolean }> {
	const deleted = await db((tx) => deleteCredentialsRow(tx, userId));
	forgetUserCaches(userId);
	return { deleted };
}

/** Admins: every user with their email and masked credentials (null when none saved). */
export async function listAllCredentials(db: UserDb): Promise<AdminCredentialsRow[]> {
	const rows = await db((tx) => listUsersWithCredentials(tx));
	return rows.map((r) => ({
		userId: r.user_id,
		email: r.email,
		credentials:
			r.access_key_id && r.credential_type && r.region && r.created_at && r.updated_at
				? toCredentialsView({
						credential_type: r.credential_type,
						access_key_id: r.access_key_id,
						has_session_token: r.has_session_token ?? false,
						region: r.region,
						created_at: r.created_at,
						updated_at: r.updated_at
					})
				: null
	}));
}

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
