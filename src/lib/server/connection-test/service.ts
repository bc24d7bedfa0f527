/**
 * connection.test and connection.last: run the checks against the STORED credentials through
 * the same access path every other procedure uses, and keep the latest result per user in
 * public.connection_tests (written by the server only; RLS: owners read their own row, admins all),
 * with a 'connection.tested' audit entry in the same transaction: who tested whose keys and the
 * outcome of each check (ids, statuses and AWS error names only: messages can quote a key id).
 */
import {
	connectionLastForAllOutput,
	connectionLastOutput,
	type ConnectionCheck,
	type ConnectionLast,
	type ConnectionLastForAll,
	type ConnectionTestResult
} from '../../schemas/connection';
import { runConnectionTest } from './checks';
import {
	selectAllConnectionTests,
	selectConnectionTest,
	upsertConnectionTest
} from '../db/connection-tests';
import type { BedrockAccess } from '../access/types';
import { guardedTransaction } from '../db/guard';
import { insertAuditEvent } from '../db/privileged';
import type { UserDb } from '../credentials/store';
import { recordConnectionInvocation } from '../usage/connection-test';
import { connectionTestBudget } from './budget';

/** Whose keys are tested, and who asked (the same person, or an admin). */
export interface TestParties {
	actorId: string;
	userId: string;
}

/** `access`: resolved by the procedure (null: none saved, which the first check reports). */
export async function testConnection(
	db: UserDb,
	{ actorId, userId }: TestParties,
	access: BedrockAccess | null,
	includeInvocation: boolean
): Promise<ConnectionTestResult> {
	let region = '';
	// The invocations are billed to the tested user's keys: held against their budget.
	const budget = connectionTestBudget(userId);
	const result = await runConnectionTest({
		includeInvocation,
		beforeInvocations: budget.reserve,
		onInvocation: (invocation) =>
			budget.ended(recordConnectionInvocation(userId, region, invocation)),
		load: async () => {
			if (!access) return null;
			region = access.region;
			return {
				clients: await access.clients(),
				region: access.region,
				accessKeyIdMasked: access.accessKeyIdMasked,
				label: access.label,
				apiKeyExpiresAt: access.apiKeyExpiresAt
			};
		}
	}).finally(budget.settle);
	// Without saved keys nothing reached AWS and nothing is stored: no entry either.
	if (result.region) {
		const region = result.region;
		// As the owner: users cannot write these tables (a stored "pass" must come from a real test).
		await guardedTransaction(async (tx) => {
			await upsertConnectionTest(tx, {
				userId,
				testedAt: result.testedAt,
				status: result.status,
				checks: result.checks,
				region
			});
			await insertAuditEvent(tx, {
				actorId,
				targetUserId: userId,
				action: 'connection.tested',
				details: connectionTestAuditDetails(userId, result)
			});
		});
	}
	return result;
}

export async function lastConnectionTest(db: UserDb, userId: string): Promise<ConnectionLast> {
	const row = await db((tx) => selectConnectionTest(tx, userId));
	if (!row) return null;
	return connectionLastOutput.parse({
		status: row.status,
		region: row.region,
		testedAt: new Date(row.tested_at).toISOString(),
		checks: row.checks as ConnectionCheck[],
		stale:
			!row.credentials_updated_at || new Date(row.credentials_updated_at) > new Date(row.tested_at)
	});
}

/** Admins (RLS lets them read every row): each user's last result, for the all-users table. */
export async function lastConnectionTestsForAll(db: UserDb): Promise<ConnectionLastForAll> {
	const rows = await db((tx) => selectAllConnectionTests(tx));
	return connectionLastForAllOutput.parse(
		rows.map((row) => ({
			userId: row.user_id,
			status: row.status,
			region: row.region,
			testedAt: new Date(row.tested_at).toISOString(),
			stale:
				!row.credentials_updated_at ||
				new Date(row.credentials_updated_at) > new Date(row.tested_at)
		}))
	);
}

/** The audit entry's public facts: never a message (AWS's can quote the key id), never a secret. */
export function connectionTestAuditDetails(userId: string, result: ConnectionTestResult) {
	return {
		user_id: userId,
		status: result.status,
		region: result.region,
		access_key_id: result.accessKeyIdMasked,
		include_invocation: result.includeInvocation,
		checks: result.checks.map((check) => ({
			id: check.id,
			status: check.status,
			...(check.awsError ? { aws_error: check.awsError } : {})
		}))
	};
}
