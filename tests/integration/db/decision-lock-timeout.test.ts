// A server decision (db/pipelined.ts serverDecision) queued behind a row lock that a stuck
// transaction holds gives up after the decision functions' own lock_timeout (3 s, migration
// 20261129230000), with the typed "did not answer in time", takes nothing, and leaves the
// connection usable. The guard's deadline is set far above it here, so only the lock_timeout
// can end the wait this quickly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, type Sql } from '../../../src/lib/server/db/client';
import { takeRateLimitSlot } from '../../../src/lib/server/db/rate-limits';
import { DependencyError } from '../../../src/lib/server/resilience/dependency-error';
import { createTestDatabase, type TestDatabase } from './database';
import { insertUser } from '../../helpers/factories';

const GUARD_MS = 20_000;
process.env.DB_QUERY_TIMEOUT_MS = String(GUARD_MS);

let db: TestDatabase;
let app: Sql;

beforeAll(async () => {
	db = await createTestDatabase();
	app = createSql(db.url, { max: 1 });
});

afterAll(async () => {
	await app?.end({ timeout: 5 });
	await db?.close();
});

describe('a decision queued behind a stuck lock', () => {
	it('gives up after 3 s with a typed timeout, and nothing is taken', async () => {
		const bucket = `stuck-${(await insertUser(db.owner)).id}`;
		await takeRateLimitSlot(bucket, 5, 60, { sql: app });

		// Another instance's transaction holds the bucket's row until the test lets it go.
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let locked!: () => void;
		const isLocked = new Promise<void>((resolve) => (locked = resolve));
		const holder = db.owner.begin(async (tx) => {
			await tx`select 1 from private.rate_limit_windows where bucket = ${bucket} for update`;
			locked();
			await held;
		});
		await isLocked;

		const started = performance.now();
		const error = await takeRateLimitSlot(bucket, 5, 60, { sql: app }).catch((e: unknown) => e);
		const waited = performance.now() - started;
		release();
		await holder;

		expect(error).toBeInstanceOf(DependencyError);
		expect(error).toMatchObject({ dependency: 'database', fault: 'timeout', retryable: true });
		expect((error as Error).message).toBe(
			'The database did not answer in time. Please try again in a moment.'
		);
		expect(waited).toBeGreaterThanOrEqual(2_900);
		expect(waited).toBeLessThan(GUARD_MS / 2);
		const [row] = await db.owner<{ calls: number }[]>`
			select calls from private.rate_limit_windows where bucket = ${bucket}`;
		expect(row?.calls).toBe(1);
		expect(await takeRateLimitSlot(bucket, 5, 60, { sql: app })).toEqual({ allowed: true });
	});
});
