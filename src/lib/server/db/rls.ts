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
 *
 * One round trip, not four (db/pipelined.ts): `begin`, the identity statement and the caller's
 * first query go out together, and Postgres runs them in order, so RLS still decides the query
 * (it runs after the role is set, inside the transaction). A read-only transaction (`readOnly`)
 * does not wait for its `commit` either.
 */
import { getSql, type Sql, type TransactionSql } from './client';
import { pipelinedTransaction } from './pipelined';
import { dollarQuoted } from './literals';

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
export type UserDb = <T>(
	fn: (tx: TransactionSql) => Promise<T>,
	options?: UserDbOptions
) => Promise<T>;

export interface UserDbOptions {
	/** The transaction only reads (`begin read only`): its commit is not waited for. */
	readOnly?: boolean;
}

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
	options: { sql?: Sql } & UserDbOptions = {}
): Promise<T> {
	if (claims.role !== 'authenticated') {
		throw new RlsClaimsError(
			`Refusing to run user queries for a token with role "${String(claims.role)}": only "authenticated" is allowed.`
		);
	}
	if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) {
		throw new RlsClaimsError('Refusing to run user queries: the token has no valid user id (sub).');
	}
	return asRole('authenticated', JSON.stringify(claims), fn, options.sql ?? getSql(), options);
}

/** The same for a request without a user (Supabase's `anon` role). */
export async function withAnonRls<T>(
	fn: (tx: TransactionSql) => Promise<T>,
	options: { sql?: Sql } & UserDbOptions = {}
): Promise<T> {
	return asRole('anon', JSON.stringify({ role: 'anon' }), fn, options.sql ?? getSql(), options);
}

function asRole<T>(
	role: keyof typeof STATEMENT_TIMEOUT,
	claimsJson: string,
	fn: (tx: TransactionSql) => Promise<T>,
	sql: Sql,
	options: UserDbOptions
): Promise<T> {
	// Deadlines and the breaker come with it (guard.ts): a hung or restarting database answers
	// SERVICE_UNAVAILABLE, and a transaction whose caller already heard that rolls back.
	return pipelinedTransaction(identityStatement(role, claimsJson), fn, {
		sql,
		readOnly: options.readOnly
	});
}

/**
 * The identity statement with its values written into it (see db/literals.ts for why): the
 * role and timeout are constants; the claims are dollar-quoted, so nothing in them
 * (user_metadata is user-editable) can end the literal.
 */
function identityStatement(role: keyof typeof STATEMENT_TIMEOUT, claimsJson: string): string {
	return `select set_config('statement_timeout', '${STATEMENT_TIMEOUT[role]}', true),
	               set_config('role', '${role}', true),
	               set_config('request.jwt.claims', ${dollarQuoted(claimsJson)}, true)`;
}
