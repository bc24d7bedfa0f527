/**
 * connection.test and connection.last: run the checks against the STORED credentials through
 * the same access path every other procedure uses, and keep the latest result per user in
 * public.connection_tests (RLS: owners write and read their own row, admins read all).
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
import type { ConnectionTestRow } from '../db/types';
import { bedrockAccessFor } from '../access/resolve';
import type { UserDb } from '../credentials/store';

export async function testConnection(
	db: UserDb,
	userId: string,
	includeInvocation: boolean
): Promise<ConnectionTestResult> {
	const result = await runConnectionTest({
		includeInvocation,
		load: async () => {
			const access = await bedrockAccessFor(db, userId);
			if (!access) return null;
			return {
				clients: await access.clients(),
				region: access.region,
				accessKeyIdMasked: access.accessKeyIdMasked
			};
		}
	});
	if (result.region) {
		await db(
			(tx) => tx`
				insert into public.connection_tests (user_id, tested_at, status, checks, region)
				values (${userId}, ${result.testedAt}, ${result.status}, ${tx.json(result.checks as never)}, ${result.region})
				on conflict (user_id) do update set
					tested_at = ${result.testedAt}, status = ${result.status},
					checks = ${tx.json(result.checks as never)}, region = ${result.region}
			`
		);
	}
	return result;
}

export async function lastConnectionTest(db: UserDb, userId: string): Promise<ConnectionLast> {
	const row = await db(async (tx) => {
		const rows = await tx<(ConnectionTestRow & { credentials_updated_at: Date | null })[]>`
			select t.user_id, t.tested_at, t.status, t.checks, t.region,
			       (select c.updated_at from public.bedrock_credentials c where c.user_id = t.user_id) as credentials_updated_at
			from public.connection_tests t
			where t.user_id = ${userId}
		`;
		return rows[0] ?? null;
	});
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
	const rows = await db(
		(tx) => tx<(Omit<ConnectionTestRow, 'checks'> & { credentials_updated_at: Date | null })[]>`
			select t.user_id, t.tested_at, t.status, t.region, c.updated_at as credentials_updated_at
			from public.connection_tests t
			left join public.bedrock_credentials c on c.user_id = t.user_id
			order by t.user_id
		`
	);
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
