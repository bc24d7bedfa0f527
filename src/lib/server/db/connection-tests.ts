/**
 * The statements on public.connection_tests (the latest connection test per user). Reads run
 * inside withUserRls (owners read their own row, admins every row). The write is the server's
 * alone: the API roles have no insert or update grant, so it runs as the database owner for
 * the user the test ran for (never with an id taken from the request).
 */
import type { Sql, TransactionSql } from './client';
import type { ConnectionTestRow, ConnectionTestStatus } from './types';

/** A test's row plus when its user's credentials last changed (a later change makes it stale). */
type WithCredentialsUpdatedAt<Row> = Row & { credentials_updated_at: Date | null };

export async function upsertConnectionTest(
	tx: Sql | TransactionSql,
	test: {
		userId: string;
		testedAt: string;
		status: ConnectionTestStatus;
		checks: unknown[];
		region: string;
	}
): Promise<void> {
	await tx`
		insert into public.connection_tests (user_id, tested_at, status, checks, region)
		values (${test.userId}, ${test.testedAt}, ${test.status}, ${tx.json(test.checks as never)}, ${test.region})
		on conflict (user_id) do update set
			tested_at = ${test.testedAt}, status = ${test.status},
			checks = ${tx.json(test.checks as never)}, region = ${test.region}
	`;
}

export async function selectConnectionTest(
	tx: TransactionSql,
	userId: string
): Promise<WithCredentialsUpdatedAt<ConnectionTestRow> | null> {
	const rows = await tx<WithCredentialsUpdatedAt<ConnectionTestRow>[]>`
		select t.user_id, t.tested_at, t.status, t.checks, t.region,
		       (select c.updated_at from public.bedrock_credentials c where c.user_id = t.user_id) as credentials_updated_at
		from public.connection_tests t
		where t.user_id = ${userId}
	`;
	return rows[0] ?? null;
}

export async function selectAllConnectionTests(
	tx: TransactionSql
): Promise<WithCredentialsUpdatedAt<Omit<ConnectionTestRow, 'checks'>>[]> {
	return tx<WithCredentialsUpdatedAt<Omit<ConnectionTestRow, 'checks'>>[]>`
		select t.user_id, t.tested_at, t.status, t.region, c.updated_at as credentials_updated_at
		from public.connection_tests t
		left join public.bedrock_credentials c on c.user_id = t.user_id
		order by t.user_id
	`;
}
