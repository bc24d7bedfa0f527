/**
 * Which database errors are the database's fault (down, hung, restarting, out of connections)
 * rather than the request's (RLS refusal, constraint, bad value). Only faults count against the
 * database's circuit breaker and become SERVICE_UNAVAILABLE; the rest keep their own codes.
 */
import { DependencyError } from '../resilience/dependency-error';

/** postgres.js connection errors and Node socket errors (`code` on a plain Error). */
const CONNECTION_CODES = new Set([
	'CONNECTION_CLOSED',
	'CONNECTION_DESTROYED',
	'CONNECTION_ENDED',
	'CONNECT_TIMEOUT',
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN'
]);

/**
 * SQLSTATEs a server sends when it, not the query, is the problem: class 08 (connection
 * exception), 57P01-57P03 (shutting down, crashed, starting up: a restart), 53300 (too many
 * connections), 53400 (configuration limit), 58000/58030 (system / IO error).
 */
function isServerSideFault(sqlState: string): boolean {
	return (
		sqlState.startsWith('08') ||
		['57P01', '57P02', '57P03', '53300', '53400', '58000', '58030'].includes(sqlState)
	);
}

export function isDatabaseFault(err: unknown): boolean {
	if (err instanceof DependencyError) return err.dependency === 'database';
	if (!(err instanceof Error)) return false;
	const code = (err as Error & { code?: unknown }).code;
	if (typeof code !== 'string') return false;
	if (err.name === 'PostgresError') return isServerSideFault(code);
	return CONNECTION_CODES.has(code);
}

/**
 * A statement the server gave up on because of its own deadline: `lock_timeout` (55P03, a row
 * held by a stuck transaction) or `statement_timeout` (57014). The database is up, so it is not
 * a fault for the breaker, but the caller's answer is the same as for a deadline of ours: it did
 * not answer in time, and a retry may help.
 */
export function isDatabaseDeadline(err: unknown): boolean {
	if (!(err instanceof Error) || err.name !== 'PostgresError') return false;
	const code = (err as Error & { code?: unknown }).code;
	return code === '55P03' || code === '57014';
}

/** A fault or a server-side deadline as the typed error callers see; other errors unchanged. */
export function asDatabaseError(err: unknown): unknown {
	if (err instanceof DependencyError) return err;
	if (isDatabaseDeadline(err)) return new DependencyError('database', 'timeout', { cause: err });
	if (!isDatabaseFault(err)) return err;
	return new DependencyError('database', 'unavailable', { cause: err });
}
