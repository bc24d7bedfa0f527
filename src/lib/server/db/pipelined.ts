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
 * - `serverDecision`: the server's own decisions (rate limits, budget reservations and
 *   settlements) are one function call each, sent as one statement in its own implicit
 *   transaction: no `begin`, no setup statement, no `commit` for Postgres to run besides it.
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

/**
 * One statement on a connection of its own, committed by Postgres as it ends (an implicit
 * transaction), under the guard's deadlines: one round trip, and one statement for the server to
 * run.
 */
function singleStatement<T extends readonly object[]>(
	statement: (tx: Reserved) => postgres.PendingQuery<T>,
	options: {
		sql?: Sql;
		/**
		 * Undoes what committed after the caller already heard "timeout" (the one thing a
		 * single round trip cannot prevent: the commit went out with the statement).
		 */
		undoLate?: (rows: T) => Promise<unknown>;
	}
): Promise<T> {
	return guardedTransactionWith(async (deadline) => {
		const tx = await reserveFor(options.sql ?? getSql(), deadline);
		try {
			// Built before anything is sent: a value that cannot be written into it throws here.
			const rows = await statement(tx);
			try {
				deadline.assertNotAbandoned();
			} catch (abandoned) {
				await options.undoLate?.(rows).catch(() => {});
				throw abandoned;
			}
			return rows;
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
 * function call as the database owner, in one round trip and one statement. A call queued
 * behind a stuck lock fails after 3 s instead of waiting for the guard's deadline: each decision
 * function carries `lock_timeout = 3s` itself (migration 20261129230000), so nothing has to be
 * set first.
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
	const durable = options.durable !== false;
	return singleStatement(durable ? statement : (tx) => withAsyncCommit(tx, statement(tx)), options);
}

/**
 * The statement, committed without waiting for the WAL flush. The setting is read when the
 * implicit transaction commits, after the statement, so it may be set anywhere inside it; the
 * function's own SET clauses do not undo it (it is set outside the function). The condition is
 * always true (set_config returns the new value).
 */
const withAsyncCommit = <T extends readonly object[]>(
	tx: Reserved,
	query: postgres.PendingQuery<T>
): postgres.PendingQuery<T> =>
	tx<T>`
		select d.* from (${query}) d
		where set_config('synchronous_commit', 'off', true) is not null
	`;
