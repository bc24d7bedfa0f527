/**
 * Deadlines and the circuit breaker around every database call the server makes.
 *
 * postgres.js has no client-side deadline: against a hung server (SIGSTOP, a pooler incident,
 * a network partition) a query, and a request waiting for a pool connection, wait forever; the
 * role's `statement_timeout` cannot help because a hung server enforces nothing. So:
 *
 * - `guardedTransaction` (every user query, through rls.ts) gives waiting for a connection
 *   DB_CONNECT_TIMEOUT_MS and the transaction's work DB_QUERY_TIMEOUT_MS. On expiry the caller
 *   gets DependencyError('database', 'timeout') at once. The transaction, should the server
 *   wake up later, is rolled back: `abandoned` makes its callback throw before COMMIT, so a
 *   request that answered "unavailable" never half-writes anything.
 * - `guardDatabase` does the same for single statements (one deadline for both parts: the pool
 *   does not say when a plain query got its connection).
 * - Both run through the 'database' breaker: after BREAKER_FAILURE_THRESHOLD faults in a row the
 *   circuit opens, requests are refused at once, and the pool is replaced (its connections may
 *   be stuck on a hung server and would otherwise hold every slot). The new pool connects when
 *   the database is back, without restarting the app.
 */
import { registerErrorMapper, toTRPCError } from '../errors';
import { breakerFor, onCircuitOpen } from '../resilience/breakers';
import { resilienceConfig } from '../resilience/config';
import { DependencyError } from '../resilience/dependency-error';
import { getSql, resetSql, type Sql, type TransactionSql } from './client';
import { asDatabaseError, isDatabaseDeadline, isDatabaseFault } from './faults';

onCircuitOpen('database', resetSql);

// A fault or a server-side deadline that escapes a domain function unguarded still answers
// SERVICE_UNAVAILABLE.
registerErrorMapper((err) =>
	isDatabaseFault(err) || isDatabaseDeadline(err) ? toTRPCError(asDatabaseError(err)) : undefined
);

class Abandoned extends Error {
	override name = 'AbandonedTransaction';
}

function timeout(cause?: unknown): DependencyError {
	return new DependencyError('database', 'timeout', { cause });
}

/** What a transaction the caller drives by hand tells the deadline (rls.ts pipelines its own). */
export interface TransactionDeadline {
	/** The connection is held: waiting for the pool is over, the work's deadline starts. */
	connected(): void;
	/** Throws when the caller already heard "timeout", so the transaction rolls back. */
	assertNotAbandoned(): void;
}

/** The deadlines and breaker of `guardedTransaction`, around a transaction `run` drives. */
export function guardedTransactionWith<T>(
	run: (deadline: TransactionDeadline) => Promise<T>
): Promise<T> {
	const { DB_CONNECT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS } = resilienceConfig();
	return breakerFor('database').run(
		() =>
			new Promise<T>((resolve, reject) => {
				let abandoned = false;
				// Which wait ran out goes to the log, with the time it really took (far more than
				// the deadline: the event loop was blocked). A 503 "did not answer in time" looks
				// the same to the client whether the pool had no free connection or a query was slow.
				const expire = (what: string, ms: number) => {
					const since = performance.now();
					return () => {
						abandoned = true;
						const took = Math.round(performance.now() - since);
						console.warn(`[database] deadline (${ms} ms) for ${what}: ${took} ms`);
						reject(timeout());
					};
				};
				let timer = setTimeout(
					expire('a connection (a free one from the pool, or a new one)', DB_CONNECT_TIMEOUT_MS),
					DB_CONNECT_TIMEOUT_MS
				);
				run({
					connected() {
						clearTimeout(timer);
						timer = setTimeout(expire('the transaction', DB_QUERY_TIMEOUT_MS), DB_QUERY_TIMEOUT_MS);
					},
					assertNotAbandoned() {
						if (abandoned) throw new Abandoned();
					}
				}).then(
					(result) => {
						clearTimeout(timer);
						resolve(result);
					},
					(err: unknown) => {
						clearTimeout(timer);
						reject(asDatabaseError(err));
					}
				);
			}),
		isDatabaseFault
	);
}

/** Runs `fn` in one transaction with deadlines (see the header). */
export function guardedTransaction<T>(
	fn: (tx: TransactionSql) => Promise<T>,
	options: { sql?: Sql } = {}
): Promise<T> {
	return guardedTransactionWith(
		(deadline) =>
			(options.sql ?? getSql()).begin(async (tx) => {
				deadline.assertNotAbandoned();
				deadline.connected();
				const result = await fn(tx);
				// The caller already heard "timeout": roll back rather than commit behind its back.
				deadline.assertNotAbandoned();
				return result;
			}) as Promise<T>
	);
}

/** Runs one statement (or a few outside a transaction) with one deadline for the whole. */
export function guardDatabase<T>(
	run: (sql: Sql) => Promise<T>,
	options: { sql?: Sql } = {}
): Promise<T> {
	const { DB_CONNECT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS } = resilienceConfig();
	return breakerFor('database').run(
		() =>
			new Promise<T>((resolve, reject) => {
				const timer = setTimeout(() => {
					console.warn(
						`[database] deadline (${DB_CONNECT_TIMEOUT_MS + DB_QUERY_TIMEOUT_MS} ms) for a statement`
					);
					reject(timeout());
				}, DB_CONNECT_TIMEOUT_MS + DB_QUERY_TIMEOUT_MS);
				run(options.sql ?? getSql()).then(
					(result) => {
						clearTimeout(timer);
						resolve(result);
					},
					(err: unknown) => {
						clearTimeout(timer);
						reject(asDatabaseError(err));
					}
				);
			}),
		isDatabaseFault
	);
}
