/**
 * The credentials store: save, read (masked), delete and list, always as the calling user
 * (`db` runs under RLS, so an owner reaches only their row and an admin every row). Secrets are
 * sealed here before they are written; they are opened only in secrets/decrypt.ts.
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
import { noCredentialsError } from '../access/no-credentials';
import { forgetUser } from '../cache/forget-user';
import {
	deleteCredentialsRow,
	listUsersWithCredentials,
	selectCredentialsRow,
	updateCredentialsRegion,
	upsertCredentialsRow
} from '../db/credentials-table';
import type { UserDb } from '../db/rls';
import type { BedrockCredentialsRow } from '../db/types';
import { sealCredentialSecrets } from '../secrets/crypto';
import { serverKeyring } from '../secrets/server-keyring';

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

/** Public (non-secret) columns of a user's row, in one RLS query. */
export async function readCredentialsRow(
	db: UserDb,
	userId: string
): Promise<BedrockCredentialsRow | null> {
	return db((tx) => selectCredentialsRow(tx, userId), { readOnly: true });
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
	forgetUser(userId);
	return toCredentialsView(row);
}

/** Changes only the region of saved credentials; PRECONDITION_FAILED when none are saved. */
export async function changeCredentialsRegion(
	db: UserDb,
	userId: string,
	region: string
): Promise<CredentialsView> {
	const row = await db((tx) => updateCredentialsRegion(tx, userId, region));
	if (!row) throw noCredentialsError();
	forgetUser(userId);
	return toCredentialsView(row);
}

export async function deleteCredentials(db: UserDb, userId: string): Promise<{ deleted: boolean }> {
	const deleted = await db((tx) => deleteCredentialsRow(tx, userId));
	forgetUser(userId);
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
