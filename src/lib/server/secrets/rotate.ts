/**
 * Key rotation: re-encrypt every stored secret under the keyring's current (first) key.
 *
 * Runs as the database owner (it must read ciphertext for every user). Each row is rotated in
 * its own transaction that locks the row, decrypts with the key it names, encrypts with the
 * current key and writes both ciphertexts and the key id together, so a row is never left
 * half-rotated and a concurrent save simply wins (the row is re-read under the lock). The
 * table's trigger writes one `credentials.rotated` audit entry per row; a summary entry with
 * the counts (never a secret) is written at the end.
 */
import type { Sql } from '../db/client';
import { recordAuditEvent } from '../db/privileged';
import {
	listCredentialOwners,
	lockCredentialsForRotation,
	writeRotatedSecrets
} from '../db/rotation';
import { DecryptionError, openCredentialSecrets, sealCredentialSecrets } from './crypto';
import type { Keyring } from './keyring';

export interface RotationReport {
	keyId: string;
	examined: number;
	rotated: number;
	alreadyCurrent: number;
	/** Rows whose key is missing from the keyring or whose ciphertext fails authentication. */
	failed: { userId: string; reason: string }[];
}

export async function rotateCredentials(
	sql: Sql,
	keyring: Keyring,
	options: { userIds?: string[]; dryRun?: boolean } = {}
): Promise<RotationReport> {
	const target = keyring.current.id;
	const report: RotationReport = {
		keyId: target,
		examined: 0,
		rotated: 0,
		alreadyCurrent: 0,
		failed: []
	};
	const ids = await listCredentialOwners(sql, options.userIds);

	for (const { user_id: userId } of ids) {
		report.examined++;
		await sql.begin(async (tx) => {
			const row = await lockCredentialsForRotation(tx, userId);
			if (!row) return; // deleted meanwhile
			if (row.encryption_key_id === target) {
				report.alreadyCurrent++;
				return;
			}
			try {
				const sealed = sealCredentialSecrets(
					keyring,
					userId,
					openCredentialSecrets(keyring, userId, row)
				);
				if (!options.dryRun) {
					await writeRotatedSecrets(tx, row.id, sealed);
				}
				report.rotated++;
			} catch (err) {
				if (!(err instanceof DecryptionError)) throw err;
				report.failed.push({ userId, reason: err.message });
			}
		});
	}

	if (!options.dryRun && report.examined > 0) {
		await recordAuditEvent(
			{
				actorId: null,
				targetUserId: null,
				action: 'credentials.rotated',
				details: {
					key_id: target,
					examined: report.examined,
					rotated: report.rotated,
					already_current: report.alreadyCurrent,
					failed: report.failed.length
				}
			},
			{ sql }
		);
	}
	return report;
}
