/**
 * The processes of one Postgres server: the postmaster and every backend and helper it forked.
 * Fault tests freeze all of them (SIGSTOP) to make the database hang the way a stuck server or
 * a network partition does: connections stay open, nothing answers. Linux /proc only.
 */
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
	try {
		// /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return undefined;
	}
}

/** `root` and all its descendants that are alive now. */
export function processTree(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		const pid = Number(entry);
		if (!Number.isInteger(pid)) continue;
		const parent = parentOf(pid);
		if (parent === undefined) continue;
		children.set(parent, [...(children.get(parent) ?? []), pid]);
	}
	const tree: number[] = [];
	const visit = (pid: number) => {
		tree.push(pid);
		for (const child of children.get(pid) ?? []) visit(child);
	};
	visit(root);
	return tree;
}

/** Sends `signal` to the whole tree (parents first, so no new child escapes a SIGSTOP). */
export function signalTree(root: number, signal: NodeJS.Signals): number {
	const pids = processTree(root);
	for (const pid of pids) {
		try {
			process.kill(pid, signal);
		} catch {
			// It exited meanwhile.
		}
	}
	return pids.length;
}
