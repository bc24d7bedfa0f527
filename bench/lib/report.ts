/**
 * The bench's one table: each pair side by side, the difference or ratio, the issue's target
 * and whether this run met it. Printed, written to docs/benchmarks.md with the machine it ran
 * on, and its headline rows copied into the README between markers (never typed by hand).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface Row {
	measure: string;
	direct: string;
	api: string;
	change: string;
	target: string;
	/**
	 * null: a row measured for context, with no target of its own: a `floor` (the cheapest
	 * answer this app gives) or a `reference` (the thinnest Node gateway); `context` says which.
	 */
	pass: boolean | null;
	context?: 'floor' | 'reference';
	/** Shown in the README's short table. */
	headline?: boolean;
}

const HEADER = [
	'measure',
	'AWS SDK / emulator directly',
	'through this API',
	'change',
	'target',
	'result'
];

function cells(row: Row): string[] {
	const result = row.pass === null ? (row.context ?? 'floor') : row.pass ? 'pass' : 'MISS';
	return [row.measure, row.direct, row.api, row.change, row.target, result];
}

export function printTable(rows: Row[]): string {
	const all = [HEADER, ...rows.map(cells)];
	const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
	return all.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

export function markdownTable(rows: Row[]): string {
	const line = (r: string[]) => `| ${r.join(' | ')} |`;
	return [line(HEADER), line(HEADER.map(() => '---')), ...rows.map((r) => line(cells(r)))].join(
		'\n'
	);
}

export interface RunFacts {
	date: string;
	commit: string;
	nproc: number;
	memory: string;
	load: string;
	node: string;
}

export function runFacts(): RunFacts {
	const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
	let commit = 'unknown';
	try {
		commit = git('rev-parse', '--short', 'HEAD');
		if (git('status', '--porcelain', '--untracked-files=no'))
			commit += ' (with uncommitted changes)';
	} catch {
		// not a git checkout
	}
	const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
	return {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		commit,
		nproc: cpus().length,
		memory: `${gb(totalmem())} total, ${gb(freemem())} free at the start`,
		load: loadavg()
			.map((l) => l.toFixed(1))
			.join(' / '),
		node: process.version
	};
}

export function benchmarksDoc(rows: Row[], facts: RunFacts, notes: string[]): string {
	return `# Benchmarks

Written by \`npm run bench\`; do not edit by hand. Each pair runs side by side in one run on
the same Bedrock emulator: the AWS SDK (or a load generator) calling the emulator directly,
and the same call through this API (the built app, \`node build\`, with a bearer token).

- date: ${facts.date}
- commit: ${facts.commit}
- nproc: ${facts.nproc}; memory: ${facts.memory}; load average at the start (1/5/15 min): ${facts.load}
- Node ${facts.node}

${markdownTable(rows)}

${notes.map((n) => `- ${n}`).join('\n')}
`;
}

export const README_START = '<!-- bench:headline:start -->';
export const README_END = '<!-- bench:headline:end -->';

/** Replaces the README's headline block (between the markers) with this run's headline rows. */
export function updateReadme(path: string, rows: Row[], facts: RunFacts): void {
	const readme = readFileSync(path, 'utf8');
	const start = readme.indexOf(README_START);
	const end = readme.indexOf(README_END);
	if (start === -1 || end < start) throw new Error(`${path} has no ${README_START} block`);
	const block = `${README_START}
From the last \`npm run bench\` (${facts.date}, commit ${facts.commit}, ${facts.nproc} CPUs; full table in [docs/benchmarks.md](docs/benchmarks.md)):

${markdownTable(rows.filter((r) => r.headline))}
`;
	writeFileSync(path, readme.slice(0, start) + block + readme.slice(end));
}
