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
	maskExternalId,
	keyKindOf,
	type AdminCredentialsRow,
	type CredentialsView,
	type SaveCredentialsInput
} from '../../schemas/credentials';
import { apiKeyFacts } from '../../schemas/api-keys';
import { externalIdFor } from './external-id';
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

type ViewColumns = Pick<
	BedrockCredentialsRow,
	| 'credential_type'
	| 'access_key_id'
	| 'has_session_token'
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
>;

const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** Masked per kind: key ids as AKIA…WXYZ, the external ID as ba-x…wxyz, API keys by last 4. */
export function toCredentialsView(row: ViewColumns): CredentialsView {
	const keyMasked = row.access_key_id ? maskAccessKeyId(row.access_key_id) : null;
	const assumeRole =
		row.credential_type === 'assume_role' && row.role_arn && row.external_id && row.assume_role_via
			? {
					roleArn: row.role_arn,
					externalIdMasked: maskExternalId(row.external_id),
					via: row.assume_role_via,
					sessionDurationSeconds: row.session_duration_seconds
				}
			: null;
	const apiKey =
		row.credential_type === 'api_key' && row.api_key_kind && row.api_key_last4
			? {
					kind: row.api_key_kind,
					last4: row.api_key_last4,
					expiresAt: row.api_key_expires_at ? iso(row.api_key_expires_at) : null
				}
			: null;
	const summary = assumeRole
		? `Role ${roleName(assumeRole.roleArn)} assumed by ${assumeRole.via === 'deployment' ? 'this deployment' : (keyMasked ?? 'your key')}`
		: apiKey
			? `${apiKey.kind === 'short_term' ? 'Short-term' : 'Long-term'} API key …${apiKey.last4}`
			: (keyMasked ?? 'Access key');
	return {
		credentialType: row.credential_type,
		accessKeyIdMasked: keyMasked,
		keyKind:
			row.credential_type === 'access_key' && row.access_key_id
				? keyKindOf(row.access_key_id)
				: row.credential_type === 'api_key' && row.api_key_kind === 'long_term'
					? 'long_term'
					: 'temporary',
		hasSessionToken: row.has_session_token,
		region: row.region,
		summary,
		assumeRole,
		apiKey,
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

const NO_KIND_COLUMNS = {
	access_key_id: null,
	secret_access_key_ciphertext: null,
	session_token_ciphertext: null,
	role_arn: null,
	external_id: null,
	assume_role_via: null,
	session_duration_seconds: null,
	api_key_ciphertext: null,
	api_key_kind: null,
	api_key_last4: null,
	api_key_expires_at: null
} as const;

/**
 * Creates or replaces (atomically, one upsert on user_id) the credentials of `userId`, of any
 * kind; the columns of the other kinds are cleared. For assume_role the user's external ID is
 * read (created on first use) in the same transaction, so the row always carries it.
 */
export async function saveCredentials(
	db: UserDb,
	userId: string,
	input: SaveCredentialsInput
): Promise<CredentialsView> {
	const keyring = serverKeyring();
	const row = await db(async (tx) => {
		const common = { user_id: userId, region: input.region, credential_type: input.type };
		if (input.type === 'api_key') {
			const facts = apiKeyFacts(input.apiKey);
			const sealed = sealCredentialSecrets(keyring, userId, { apiKey: input.apiKey });
			return upsertCredentialsRow(tx, {
				...NO_KIND_COLUMNS,
				...common,
				encryption_key_id: sealed.encryption_key_id,
				api_key_ciphertext: sealed.api_key_ciphertext,
				api_key_kind: facts.kind,
				api_key_last4: facts.last4,
				api_key_expires_at: facts.expiresAt ? new Date(facts.expiresAt) : null
			});
		}
		if (input.type === 'assume_role') {
			const viaKey = input.via === 'access_key';
			const sealed = sealCredentialSecrets(keyring, userId, {
				secretAccessKey: viaKey ? input.secretAccessKey : null
			});
			return upsertCredentialsRow(tx, {
				...NO_KIND_COLUMNS,
				...common,
				encryption_key_id: sealed.encryption_key_id,
				access_key_id: viaKey ? (input.accessKeyId ?? null) : null,
				secret_access_key_ciphertext: sealed.secret_access_key_ciphertext,
				role_arn: input.roleArn,
				external_id: await externalIdFor(tx, userId),
				assume_role_via: input.via,
				session_duration_seconds: input.sessionDurationSeconds ?? null
			});
		}
		const sealed = sealCredentialSecrets(keyring, userId, input);
		return upsertCredentialsRow(tx, {
			...NO_KIND_COLUMNS,
			...common,
			...sealed,
			access_key_id: input.accessKeyId
		});
	});
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
			r.credentials_id && r.credential_type && r.region && r.created_at && r.updated_at
				? toCredentialsView({
						credential_type: r.credential_type,
						access_key_id: r.access_key_id,
						has_session_token: r.has_session_token ?? false,
						region: r.region,
						created_at: r.created_at,
						updated_at: r.updated_at,
						role_arn: r.role_arn,
						external_id: r.external_id,
						assume_role_via: r.assume_role_via as 'deployment' | 'access_key' | null,
						session_duration_seconds: null,
						api_key_kind: r.api_key_kind as 'short_term' | 'long_term' | null,
						api_key_last4: r.api_key_last4,
						api_key_expires_at: r.api_key_expires_at
					})
				: null
	}));
}
