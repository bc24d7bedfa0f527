/**
 * A transaction handed a connection that is already dead fails with the database's typed error
 * and nothing else: it must not end the process. A pool replaced when the database circuit opens
 * (resetSql) is ended at once, and a connection given back to it afterwards sits in its open
 * list, dead; a request that had read the old pool before the reset then reserves it. `begin`
 * fails on the spot, while the transaction's own work may still be waiting for something else,
 * and an unhandled rejection is fatal in Node (that is how the soak of `npm run faults` saw the
 * server exit under load).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSql, type Sql } from '../../../src/lib/server/db/client';
import { pipelinedTransaction } from '../../../src/lib/server/db/pipelined';
import { DependencyError } from '../../../src/lib/server/resilience/dependency-error';
import { createTestDatabase, type TestDatabase } from './database';

let db: TestDatabase;
let sql: Sql;

beforeAll(async () => {
	db = await createTestDatabase();
	sql = createSql(db.url, { max: 1 });
});

afterAll(async () => {
	await db.close();
});

it('a dead connection fails the transaction with a typed error, no unhandled rejection', async () => {
	// The pool's one connection, reserved, then the pool ended at once under it (as resetSql
	// does) and the connection given back: the next reservation gets it, dead.
	const held = await sql.reserve();
	await sql.end({ timeout: 0 });
	held.release();

	const unhandled: unknown[] = [];
	const onUnhandled = (reason: unknown) => unhandled.push(reason);
	process.on('unhandledRejection', onUnhandled);
	try {
		const answer = pipelinedTransaction(
			'select 1',
			async (tx) => {
				// Work that first waits for something else (a cache, another service).
				await new Promise((done) => setTimeout(done, 50));
				return tx`select 1 as one`;
			},
			{ sql, readOnly: true }
		);
		const error = await answer.then(
			() => undefined,
			(err: unknown) => err
		);
		expect(error).toBeInstanceOf(DependencyError);
		expect((error as DependencyError).dependency).toBe('database');
		await new Promise((done) => setTimeout(done, 50));
		expect(unhandled.map(String)).toEqual([]);
	} finally {
		process.off('unhandledRejection', onUnhandled);
	}
});
