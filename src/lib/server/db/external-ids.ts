/**
 * The per-user sts:ExternalId (public.bedrock_external_ids), read and created as the calling
 * user under RLS (owners their own, admins anyone's). Created once and never changed: the
 * customer's trust policy names it.
 */
import type { TransactionSql } from './client';

/** The user's external ID, creating it from `generate()` when there is none yet. */
export async function selectOrInsertExternalId(
	tx: TransactionSql,
	userId: string,
	generate: () => string
): Promise<string> {
	const existing = await tx<{ external_id: string }[]>`
		select external_id from public.bedrock_external_ids where user_id = ${userId}
	`;
	if (existing[0]) return existing[0].external_id;
	// Two first requests at once: one insert wins, the other reads the winner's value.
	await tx`
		insert into public.bedrock_external_ids (user_id, external_id)
		values (${userId}, ${generate()})
		on conflict (user_id) do nothing
	`;
	const [row] = await tx<{ external_id: string }[]>`
		select external_id from public.bedrock_external_ids where user_id = ${userId}
	`;
	if (!row) throw new Error('Creating the external ID affected no row: not allowed for this user.');
	return row.external_id;
}
