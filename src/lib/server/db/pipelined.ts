/**
 * Transactions written to the socket in one go, under the deadlines and breaker of guard.ts.
 *
 * postgres.js pipelines the queries of one connection: everything queued in one event-loop turn
 * is written at once, and Postgres runs it in order. So a transaction need not cost one round
 * trip per statement (begin, setup, query, commit): queued together, it costs one.
 *
 * - `pipelinedTransaction`: `begin`, the setup statement and `fn`'s first query go out
 *   together; `fn` may then run more queries. A read-only transaction does not wait for its
 *   `commit` (nothing it did can fail to commit; the connection returns to the pool once the
 *   commit is done). Used for every user query (rls.ts).
 * - `pipelinedStatement`: one statement, commit included, in one round trip. Used for the
 *   server's own decisions (rate limits, budget reservations): they run one function each, and
 *   the transaction exists only so the setup (a statement timeout) is transaction-local.
 *
 * A failed setup aborts the transaction, and the query then fails with "current transaction is
 * aborted": both report the setup's error, the cause, not that consequence.
 */
import type postgres from 'postgres';
import { getSql, type Sql, type TransactionSql } from './client';
import { guardedTransactionWith, type TransactionDeadline } from './guard';

type Reserved = postgres.ReservedSql;

/** A connection of its own for the transaction, unless the caller already heard "timeout". */
async function reserveFor(sql: Sql, deadline: TransactionDeadline): Promise<Reserved> {
	const tx = await sql.reserve();
	try {
		deadline.assertNotAbandoned();
	} catch (error) {
		tx.release();
		throw error;
	}
	deadline.connected();
	return tx;
}

/** The setup's error when it failed (the cause), else `error`. */
const causeOf = (setup: Promise<unknown>, error: unknown) =>
	setup.then(
		() => error,
		(setupError: unknown) => setupError
	);

export function pipelinedTransaction<T>(
	setup: string,
	fn: (tx: TransactionSql) => Promise<T>,
	options: { sql?: Sql; readOnly?: boolean } = {}
): Promise<T> {
	return guardedTransactionWith(async (deadline) => {
		const tx = await reserveFor(options.sql ?? getSql(), deadline);
		// Not awaited: they are written together with fn's first query (see the header).
		const started = Promise.all([
			tx.unsafe(options.readOnly ? 'begin read only' : 'begin'),
			tx.unsafe(setup)
		]);
		// Handled at once: on a dead connection (a pool ended under it, see resetSql) `begin`
		// fails while `fn` may still await something else, and an unhandled rejection ends the
		// process. The failure still reaches the caller, through `await started` or causeOf.
		started.catch(() => {});
		let result: T;
		try {
			// A reserved connection inside a transaction driven by hand: everything a
			// TransactionSql offers but savepoints, which none of these callers needs.
			result = await fn(tx as unknown as TransactionSql);
			await started;
			deadline.assertNotAbandoned();
		} catch (error) {
			const cause = await causeOf(started, error);
			await endTransaction(tx, 'rollback').catch(() => {});
			throw cause;
		}
		const commit = endTransaction(tx, 'commit');
		if (!options.readOnly) await commit;
		else commit.catch(() => {}); // a read's answer stands; the connection is dropped
		return result;
	});
}

export function pipelinedStatement<T extends readonly object[]>(
	setup: string,
	statement: (tx: Reserved) => postgres.PendingQuery<T>,
	options: {
		sql?: Sql;
		/**
		 * Undoes what committed after the caller already heard "timeout" (the one thing a
		 * single round trip cannot prevent: the commit went out with the statement).
		 */
		undoLate?: (rows: T) => Promise<unknown>;
	} = {}
): Promise<T> {
	return guardedTransactionWith(async (deadline) => {
		const tx = await reserveFor(options.sql ?? getSql(), deadline);
		let query: postgres.PendingQuery<T>;
		try {
			// Built first (a value that cannot be written into it throws here): a query is sent
			// when first awaited, so `begin` below still goes out before it.
			query = statement(tx);
		} catch (error) {
			tx.release();
			throw error;
		}
		const started = Promise.all([tx.unsafe('begin'), tx.unsafe(setup)]);
		// Postgres answers COMMIT in a failed transaction with a rollback, not an error; the
		// statement's own promise carries the failure.
		const commit = tx.unsafe('commit');
		try {
			const [rows] = await Promise.all([query, started, commit]);
			try {
				deadline.assertNotAbandoned();
			} catch (abandoned) {
				await options.undoLate?.(rows).catch(() => {});
				throw abandoned;
			}
			return rows;
		} catch (error) {
			// Every queued statement has answered (or the connection broke) before this runs.
			await Promise.allSettled([query, started, commit]);
			throw await causeOf(started, error);
		} finally {
			tx.release();
		}
	});
}

/** Ends the transaction and gives the connection back (or drops it when it is unusable). */
async function endTransaction(tx: Reserved, how: 'commit' | 'rollback'): Promise<void> {
	try {
		await (how === 'commit' ? tx`commit` : tx`rollback`);
		tx.release();
	} catch (error) {
		// Safe to give back: Postgres ends a transaction whose commit fails, and postgres.js
		// reconnects afresh a connection that broke.
		tx.release();
		throw error;
	}
}

/**
 * The server's own decisions (rate-limit slots, budget reservations and settlements): one
 * function call as the database owner, in one round trip, with a short statement timeout so a
 * call queued behind a stuck lock fails fast instead of waiting for the guard's deadline.
 *
 * `durable: false` commits without waiting for the WAL flush (`synchronous_commit = off` for
 * this transaction only), which is most of an admission's time on a disk that syncs: a commit
 * is then reported before it is on disk, and a crash of the database server (never of the app)
 * may forget the last fraction of a second of such commits, whole: never half of one, and never
 * anything else. Only for decisions whose loss is harmless: a forgotten rate-limit slot gives a
 * user one call more; a forgotten reservation is a hold that never existed (settle_budget
 * releases what it finds and charges the cost either way). Settlements stay durable: they move
 * money into `spent_usd`.
 */
export function serverDecision<T extends readonly object[]>(
	statement: (tx: Reserved) => postgres.PendingQuery<T>,
	options: { sql?: Sql; undoLate?: (rows: T) => Promise<unknown>; durable?: boolean } = {}
): Promise<T> {
	return pipelinedStatement(
		options.durable === false ? ASYNC_COMMIT_DECISION_SETUP : DECISION_SETUP,
		statement,
		options
	);
}

const DECISION_SETUP = "select set_config('statement_timeout', '3s', true)";
const ASYNC_COMMIT_DECISION_SETUP =
	"select set_config('statement_timeout', '3s', true), set_config('synchronous_commit', 'off', true)";
