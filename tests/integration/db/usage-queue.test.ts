// The ledger's write queue against a real Postgres that goes away: rows recorded while the
// database is unreachable arrive once it is back; rows that cannot be written within the retry
// window are logged as one structured line each, with everything needed to re-insert them.
//
// The outage is a TCP proxy in front of this file's own database that we stop and start
// (refusing and cutting connections exactly as a stopped server does) so the shared cluster
// other test files use keeps running.
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSql } from '../../../src/lib/server/db/client';
import type { UsageInsertRow } from '../../../src/lib/server/db/usage';
import { UsageQueue } from '../../../src/lib/server/usage/queue';
import { createTestDatabase, type TestDatabase } from './database';
import { insertUser, usageInsertRow } from '../../helpers/factories';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.close();
});

/** A switchable TCP proxy to the database: `down()` refuses and cuts, `up()` accepts again. */
async function outageProxy(target: URL) {
	const sockets = new Set<net.Socket>();
	let server: net.Server | undefined;
	let port = 0;
	const up = () =>
		new Promise<void>((resolve) => {
			server = net.createServer((client) => {
				const upstream = net.connect(Number(target.port), target.hostname);
				for (const s of [client, upstream]) {
					sockets.add(s);
					s.on('close', () => sockets.delete(s));
					s.on('error', () => s.destroy());
				}
				client.pipe(upstream).pipe(client);
			});
			server.listen(port, '127.0.0.1', () => {
				port = (server!.address() as net.AddressInfo).port;
				resolve();
			});
		});
	const down = () =>
		new Promise<void>((resolve) => {
			for (const s of sockets) s.destroy();
			server?.close(() => resolve());
		});
	await up();
	const url = new URL(target);
	url.port = String(port);
	return { url: url.toString(), up, down };
}

function row(userId: string, durationMs: number): UsageInsertRow {
	return usageInsertRow(userId, {
		duration_ms: durationMs,
		aws_request_id: `req-${durationMs}`,
		created_at: new Date(Date.UTC(2026, 10, 29, 7, 0, 0, durationMs)).toISOString()
	});
}

async function storedFor(userId: string) {
	return db.owner<{ duration_ms: number; cost_usd: string; created_at: Date }[]>`
		select duration_ms, cost_usd::text as cost_usd, created_at
		from public.bedrock_usage where user_id = ${userId} order by duration_ms`;
}

it('writes a row recorded while the database was down once it is back', async () => {
	const user = await insertUser(db.owner);
	const proxy = await outageProxy(new URL(db.url));
	const sql = createSql(proxy.url, { max: 2 });
	const logged: string[] = [];
	const queue = new UsageQueue({ sql: () => sql, retryForMs: 30_000, log: (l) => logged.push(l) });
	try {
		queue.enqueue(row(user.id, 1));
		await queue.flush();
		expect(await storedFor(user.id)).toHaveLength(1);

		await proxy.down();
		queue.enqueue(row(user.id, 2));
		queue.enqueue(row(user.id, 3));
		const flushing = queue.flush();
		await new Promise((r) => setTimeout(r, 1500));
		expect(queue.pending).toBe(2); // still waiting, not dropped
		await proxy.up();
		await flushing;

		const stored = await storedFor(user.id);
		expect(stored.map((r) => r.duration_ms)).toEqual([1, 2, 3]);
		// The time of the call, not of the late insert.
		expect(stored[1]!.created_at.toISOString()).toBe(row(user.id, 2).created_at);
		expect(stored[1]!.cost_usd).toBe('0.00150000');
		expect(logged).toEqual([]);
	} finally {
		await proxy.down();
		await sql.end({ timeout: 1 });
	}
});

it('logs each row it finally cannot write as one structured line that can be re-inserted', async () => {
	const user = await insertUser(db.owner);
	const proxy = await outageProxy(new URL(db.url));
	await proxy.down();
	const sql = createSql(proxy.url, { max: 1 });
	const logged: string[] = [];
	const queue = new UsageQueue({ sql: () => sql, retryForMs: 800, log: (l) => logged.push(l) });
	try {
		queue.enqueue(row(user.id, 7));
		await queue.flush();
		expect(logged).toHaveLength(1);
		expect(logged[0]).not.toContain('\n');
		const line = JSON.parse(logged[0]!) as { event: string; reason: string; row: UsageInsertRow };
		expect(line.event).toBe('usage_row_not_recorded');
		expect(line.reason).toMatch(/ECONNREFUSED|CONNECT|ECONNRESET/);
		expect(line.row).toEqual(row(user.id, 7));
		expect(await storedFor(user.id)).toHaveLength(0);

		// What the line says is enough to put the row back.
		await db.owner`select private.record_bedrock_usage(${db.owner.json([line.row] as never)})`;
		expect((await storedFor(user.id)).map((r) => r.duration_ms)).toEqual([7]);
	} finally {
		await sql.end({ timeout: 1 });
	}
});

it('bounds the queue: past its size a row is logged, never silently dropped', async () => {
	const user = await insertUser(db.owner);
	const logged: string[] = [];
	const queue = new UsageQueue({
		sql: () => db.owner,
		maxQueued: 2,
		flushDelayMs: 60_000,
		log: (l) => logged.push(l)
	});
	queue.enqueue(row(user.id, 1));
	queue.enqueue(row(user.id, 2));
	queue.enqueue(row(user.id, 3));
	expect(logged).toHaveLength(1);
	expect(JSON.parse(logged[0]!)).toMatchObject({ reason: 'queue_full', row: { duration_ms: 3 } });
	await queue.flush();
	expect((await storedFor(user.id)).map((r) => r.duration_ms)).toEqual([1, 2]);
});
