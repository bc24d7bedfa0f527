/**
 * The server's named privileged database operations: the only places that act as the database
 * owner instead of as the signed-in user. Each does one thing; none takes SQL from its caller.
 *
 * - readCredentialSecrets: the one read of credential ciphertext, for the credentials module
 *   to decrypt right before signing an AWS request. It calls private.get_bedrock_secret, the
 *   security-definer function that anon/authenticated cannot execute (see the first migration).
 * - recordAuditEvent / insertAuditEvent: audit entries for server events that are not row
 *   changes (row changes are audited by a trigger in the same transaction), e.g. key rotation
 *   and connection tests. API roles cannot insert into audit_log.
 *
 * Callers must already have decided that the acting user may do this (procedure auth + RLS).
 */
import type postgres from 'postgres';
import type { Sql, TransactionSql } from './client';
import { guardDatabase } from './guard';
import type { AuditAction, BedrockCredentialsSecretRow } from './types';

export async function readCredentialSecrets(
	userId: string,
	options: { sql?: Sql } = {}
): Promise<BedrockCredentialsSecretRow | null> {
	const rows = await guardDatabase(
		(sql) => sql<BedrockCredentialsSecretRow[]>`
			select user_id, credential_type, access_key_id, secret_access_key_ciphertext,
			       session_token_ciphertext, encryption_key_id, region, updated_at, role_arn,
			       external_id, assume_role_via, session_duration_seconds, api_key_ciphertext,
			       api_key_kind, api_key_expires_at
			from private.get_bedrock_secret(${userId}::uuid)
		`,
		options
	);
	return rows[0] ?? null;
}

export interface AuditEvent {
	actorId: string | null;
	targetUserId: string | null;
	action: AuditAction;
	/** Masked or public facts only (e.g. masked key id, region). Never a secret. */
	details?: Record<string, unknown>;
}

/** Keys that suggest someone is about to log a secret; refused rather than stored. */
const SECRET_LOOKING_KEY = /^(?!has_).*(secret|session_?token|password|ciphertext)/i;

export async function recordAuditEvent(
	event: AuditEvent,
	options: { sql?: Sql } = {}
): Promise<void> {
	await guardDatabase((sql) => insertAuditEvent(sql, event), options);
}

/**
 * The same write inside a transaction the caller already guards (e.g. a connection test's
 * stored result and its audit entry: both or neither).
 */
export async function insertAuditEvent(
	sql: Sql | TransactionSql,
	event: AuditEvent
): Promise<void> {
	const details = event.details ?? {};
	const suspicious = Object.keys(details).filter((key) => SECRET_LOOKING_KEY.test(key));
	if (suspicious.length > 0) {
		throw new Error(
			`Audit details must not carry secrets (refused keys: ${suspicious.join(', ')}).`
		);
	}
	await sql`
		insert into public.audit_log (actor_id, target_user_id, action, details)
		values (${event.actorId}, ${event.targetUserId}, ${event.action}, ${sql.json(details as postgres.JSONValue)})
	`;
}
