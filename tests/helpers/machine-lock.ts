// A lock shared by the heavy suites on this machine (`npm test`, `npm run bench`,
// `npm run faults`). Two of them at once on a small machine starve Chromium and the servers
// of CPU and time out (or skew the figures) in ways that say nothing about the app, so they
// run one at a time.
// The lock is a file created exclusively, holding its owner's pid: a lock whose owner has died
// (killed run, crashed machine) is taken over instead of waited for.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function ownerAlive(path: string): { alive: boolean; pid: number } {
	const pid = Number.parseInt(readFileSafe(path), 10);
	if (!Number.isInteger(pid) || pid <= 0) return { alive: false, pid };
	try {
		process.kill(pid, 0);
		return { alive: true, pid };
	} catch (error) {
		// EPERM: the process exists but belongs to another user.
		return { alive: (error as NodeJS.ErrnoException).code === 'EPERM', pid };
	}
}

function readFileSafe(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
}

/** Waits for the named machine-wide lock; the returned function releases it. */
export async function acquireMachineLock(
	name: string,
	log: (line: string) => void
): Promise<() => void> {
	const path = join(tmpdir(), `bedrock-admin-${name}.lock`);
	let announced = false;
	for (;;) {
		try {
			const fd = openSync(path, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			const release = () => {
				if (readFileSafe(path) === String(process.pid)) rmSync(path, { force: true });
			};
			process.once('exit', release);
			return release;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const owner = ownerAlive(path);
		if (!owner.alive) {
			rmSync(path, { force: true });
			continue;
		}
		if (!announced) {
			log(`waiting for another heavy run (${name}, pid ${owner.pid}) to finish…`);
			announced = true;
		}
		await new Promise((done) => setTimeout(done, 1_000));
	}
}

/** Runs `work` holding the machine-wide lock for heavy suites (npm test, bench, faults). */
export async function withHeavySuiteLock<T>(
	log: (line: string) => void,
	work: () => Promise<T>
): Promise<T> {
	const release = await acquireMachineLock('heavy-suite', log);
	try {
		return await work();
	} finally {
		release();
	}
}
