/**
 * Runs queries as a user, the way PostgREST does for a Supabase Data API request, so that the
 * RLS policies and column privileges in supabase/migrations decide what the user may see.
 *
 * Each call is one transaction that starts with a single statement setting, transaction-locally
 * (`true`, i.e. SET LOCAL: a pooled connection never leaks one user's identity to the next):
 *   statement_timeout  the impersonated role's own timeout (SET ROLE does not apply it)
 *   role               'authenticated' (or 'anon')
 *   request.jwt.claims the verified JWT claims, read by auth.uid() / auth.jwt()
 *
 * The claims must already be verified (signature, expiry) by the caller; this module only
 * refuses shapes that could widen access, e.g. a token whose role is 'service_role'.
 */
import { getSql, type Sql, type TransactionSql } from './client';
import { guardedTransaction } from './guard';

export interface UserClaims {
	sub: string;
	role: string;
	email?: string;
	app_metadata?: Record<string, unknown>;
	user_metadata?: Record<string, unknown>;
	[claim: string]: unknown;
}

/**
 * `withUserRls` bound to one request's claims (tRPC's `ctx.db`): runs `fn` in one transaction
 * as that user, so RLS and column privileges apply. Domain functions take this, not claims.
 */
export type UserDb = <T>(fn: (tx: TransactionSql) => Promise<T>) => Promise<T>;

/** Thrown when claims cannot be used to act as a signed-in user. Never contains the claims. */
export class RlsClaimsError extends Error {
	override name = 'RlsClaimsError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Supabase's per-role timeouts (ALTER ROLE ... SET statement_timeout in bootstrap.sql). */
const STATEMENT_TIMEOUT = { authenticated: '8s', anon: '3s' } as const;

export async function withUserRls<T>(
	claims: UserClaims,
	fn: (tx: TransactionSql) => Promise<T>,
	options: { sql?: Sql } = {}
): Promise<T> {
	if (claims.role !== 'authenticated') {
		throw new RlsClaimsError(
			`Refusing to run user queries for a token with role "${String(claims.role)}": only "authenticated" is allowed.`
		);
	}
	if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) {
		throw new RlsClaimsError('Refusing to run user queries: the token has no valid user id (sub).');
	}
	return asRole('authenticated', JSON.stringify(claims), fn, options.sql ?? getSql());
}

/** The same for a request without a user (Supabase's `anon` role). */
export async function withAnonRls<T>(
	fn: (tx: TransactionSql) => Promise<T>,
	options: { sql?: Sql } = {}
): Promise<T> {
	return asRole('anon', JSON.stringify({ role: 'anon' }), fn, options.sql ?? getSql());
}

async function asRole<T>(
	role: keyof typeof STATEMENT_TIMEOUT,
	claimsJson: string,
	fn: (tx: TransactionSql) => Promise<T>,
	sql: Sql
): Promise<T> {
	// Deadlines and the breaker: a hung or restarting database answers SERVICE_UNAVAILABLE.
	return guardedTransaction(
		async (tx) => {
			await tx`
				select set_config('statement_timeout', ${STATEMENT_TIMEOUT[role]}, true),
				       set_config('role', ${role}, true),
				       set_config('request.jwt.claims', ${claimsJson}, true)
			`;
			return fn(tx);
		},
		{ sql }
	);
}
