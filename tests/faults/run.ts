// `npm run faults`: the fault-injection suite (slow, so not part of `npm test`, which runs its
// quick database part). Builds the app, starts a private stack, injects each fault in
// scenarios.ts, checks that the stored credentials are unchanged at the end, prints the table
// and writes it to docs/resilience.md with the date and commit. Exit code 1 if any row failed.
import { execFileSync, spawnSync } from 'node:child_process';
import { FaultStack } from './harness';
import { FaultRecorder } from './record';
import { markdownTable, writeResilienceDoc } from './report';
import * as scenarios from './scenarios';
import { SEEDED_ADMIN } from './harness';
import { soak } from './soak';
import { withHeavySuiteLock } from '../helpers/machine-lock';

const log = (line: string) => console.log(`[faults] ${line}`);

const ORDER: Array<[string, scenarios.Scenario]> = [
	['Postgres hung', scenarios.postgresHung],
	['Postgres restart', scenarios.postgresRestart],
	['auth down', scenarios.authDown],
	['AWS 5xx', scenarios.aws5xx],
	['AWS throttling', scenarios.awsThrottled],
	['AWS timeout', scenarios.awsTimeout],
	['AWS dropped connection', scenarios.awsDropped],
	['AWS circuit', scenarios.awsCircuit],
	['AWS control plane hung', scenarios.controlPlaneHung],
	['stream broken', scenarios.streamBroken],
	['stream stalled', scenarios.streamStalled],
	['overload', scenarios.overload],
	['SIGTERM during streams', scenarios.sigtermDuringStreams]
];

async function credentialsSnapshot(h: FaultStack): Promise<string> {
	const rows = await h.owner`select * from public.bedrock_credentials order by user_id`;
	return JSON.stringify(rows);
}

async function main(): Promise<number> {
	if (!process.env.FAULTS_SKIP_BUILD) {
		log('building the app (vite build)…');
		const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
		if (build.status !== 0) return 1;
	}
	const only = (process.env.FAULTS_ONLY ?? '').toLowerCase();
	const recorder = new FaultRecorder(log);
	const h = await FaultStack.start(log);
	try {
		await scenarios.setUp(h, recorder);
		const before = await credentialsSnapshot(h);
		for (const [name, scenario] of ORDER) {
			if (only && !name.toLowerCase().includes(only)) continue;
			log(`— ${name}`);
			try {
				await scenario(h, recorder);
			} catch (err) {
				recorder.check({
					fault: name,
					call: 'scenario',
					expected: 'runs to the end',
					got: `threw ${err instanceof Error ? err.message : String(err)}`.slice(0, 160),
					ms: 0,
					matches: false
				});
			}
		}
		if (!process.env.FAULTS_SKIP_SOAK && (!only || 'soak'.includes(only))) {
			// A fresh app with the default request limit: the soak measures the real bound.
			log('— soak');
			await h.terminateApp();
			await h.startApp({ MAX_CONCURRENT_REQUESTS: process.env.SOAK_MAX_CONCURRENT ?? '200' });
			const admin = await h.signInThroughApp(SEEDED_ADMIN);
			try {
				await soak(h, recorder, admin.cookie, {
					connections: Number(process.env.SOAK_CONNECTIONS ?? 1000),
					seconds: Number(process.env.SOAK_SECONDS ?? 60)
				});
			} catch (err) {
				// A row, not a crash of the suite: the table and docs/resilience.md still get written.
				recorder.check({
					fault: 'soak',
					call: 'scenario',
					expected: 'runs to the end',
					got: `threw ${err instanceof Error ? err.message : String(err)}`.slice(0, 160),
					ms: 0,
					matches: false
				});
			}
		}
		const after = await credentialsSnapshot(h);
		recorder.check({
			fault: 'all of the above',
			call: 'stored credentials (owner SQL)',
			expected: 'unchanged, byte for byte',
			got: after === before ? 'unchanged' : 'CHANGED',
			ms: 0,
			matches: after === before
		});
	} finally {
		await h.stop();
	}
	console.log(`\n${markdownTable(recorder.rows)}\n`);
	if (!only) {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
		writeResilienceDoc('docs/resilience.md', recorder.rows, {
			date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
			commit
		});
		log('wrote docs/resilience.md');
	}
	log(`${recorder.rows.length - recorder.failed} passed, ${recorder.failed} failed`);
	return recorder.failed === 0 ? 0 : 1;
}

withHeavySuiteLock(log, main).then(
	(code) => process.exit(code),
	(err: unknown) => {
		console.error(`[faults] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
		process.exit(1);
	}
);
