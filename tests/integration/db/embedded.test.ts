// devstack/postgres/embedded.ts on its own cluster: reuse keeps data, a taken port and a
// foreign data dir fail with errors that say what to do.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../../devstack/postgres/embedded';
import { freePort } from './database';

let workDir: string;

beforeAll(async () => {
	workDir = await mkdtemp(path.join(os.tmpdir(), 'bedrock-admin-embedded-test-'));
});
afterAll(async () => {
	if (workDir) await rm(workDir, { recursive: true, force: true });
});

it('starts a cluster in a 0700 temp dir, and a second start reuses it with its data', async () => {
	const dataDir = path.join(workDir, 'reuse');
	const port = await freePort();
	const first = await startEmbeddedPostgres({ dataDir, port });
	expect(first.initialised).toBe(true);
	expect(first.databaseUrl).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
	let sql = postgres(first.databaseUrl, { max: 1, onnotice: () => {} });
	await sql`create table kept (value text)`;
	await sql`insert into kept values ('still here')`;
	await sql.end();
	await first.stop();

	const second = await startEmbeddedPostgres({ dataDir, port });
	try {
		expect(second.initialised).toBe(false);
		sql = postgres(second.databaseUrl, { max: 1, onnotice: () => {} });
		const rows = await sql`select value from kept`;
		await sql.end();
		expect(rows[0]?.value).toBe('still here');
	} finally {
		await second.stop();
	}
	if (process.getuid?.() === 0) {
		expect(((await stat(workDir)).mode & 0o001) !== 0).toBe(true);
	}
});

it('names the port when it is already in use', async () => {
	const blocker = net.createServer();
	await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
	const { port } = blocker.address() as net.AddressInfo;
	try {
		await expect(
			startEmbeddedPostgres({ dataDir: path.join(workDir, 'busy'), port })
		).rejects.toThrow(new RegExp(`port ${port} .*already in use`));
	} finally {
		await new Promise((resolve) => blocker.close(resolve));
	}
});

it('refuses a non-empty directory that holds no cluster instead of overwriting it', async () => {
	const dataDir = path.join(workDir, 'foreign');
	await mkdir(dataDir, { recursive: true });
	await writeFile(path.join(dataDir, 'notes.txt'), 'mine');
	await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
		/not empty but holds no Postgres cluster/
	);
});

it('stop() is safe to call twice', async () => {
	const pg = await startEmbeddedPostgres({
		dataDir: path.join(workDir, 'twice'),
		port: await freePort()
	});
	await pg.stop();
	await pg.stop();
	await expect(
		postgres(pg.databaseUrl, { max: 1, connect_timeout: 2 })`select 1`
	).rejects.toMatchObject({
		code: 'ECONNREFUSED'
	});
});
