// `npm test`: one local stack for every layer. Builds the app, starts Postgres + auth +
// Bedrock emulator + the built app on free ports, then runs vitest (unit + integration)
// and Playwright (browser) against it, and prints one closing line with the totals.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ensureChromium } from './helpers/browser';
import { withHeavySuiteLock } from './helpers/machine-lock';
import { startTestStack } from './helpers/test-stack';

const log = (line: string) => console.log(`[npm test] ${line}`);
const resultsDir = process.env.TEST_RESULTS_DIR ?? 'test-results';

function run(
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv = process.env
): Promise<number> {
	return new Promise((resolve) => {
		const child = spawn(command, args, { stdio: 'inherit', env });
		child.once('exit', (code) => resolve(code ?? 1));
	});
}

interface Totals {
	passed: number;
	failed: number;
	skipped: number;
}

function readTotals(path: string, pick: (json: Record<string, unknown>) => Totals): Totals {
	try {
		return pick(JSON.parse(readFileSync(path, 'utf8')));
	} catch {
		return { passed: 0, failed: 1, skipped: 0 };
	}
}

async function main(): Promise<number> {
	// One heavy suite per machine at a time: a second run waits here for the first.
	return withHeavySuiteLock(log, runAll);
}

async function runAll(): Promise<number> {
	mkdirSync(resultsDir, { recursive: true });
	const chromiumPath = ensureChromium(log);
	log(`browser: ${chromiumPath}`);

	log('building the app (vite build)…');
	if ((await run('npx', ['vite', 'build', '--logLevel', 'warn'])) !== 0) return 1;

	log('starting the test stack…');
	const started = Date.now();
	const stack = await startTestStack(log);
	log(`stack ready in ${Date.now() - started} ms`);
	try {
		const env = { ...process.env, TEST_STACK_ENV: JSON.stringify(stack.env) };
		// TEST_ONLY=vitest|playwright and TEST_FILTER (file filters) narrow a run while developing.
		const only = process.env.TEST_ONLY;
		const filters = (process.env.TEST_FILTER ?? '').split(' ').filter(Boolean);
		const vitestCode =
			only === 'playwright'
				? 0
				: await run(
						'npx',
						[
							'vitest',
							'run',
							'--reporter=default',
							'--reporter=json',
							`--outputFile.json=${resultsDir}/vitest.json`,
							...filters
						],
						env
					);
		const runBrowserSuite = () =>
			run('npx', ['playwright', 'test', '--reporter=list,json', ...filters], {
				...env,
				APP_URL: stack.env.APP_URL,
				CHROMIUM_PATH: chromiumPath,
				PLAYWRIGHT_JSON_OUTPUT_NAME: `${resultsDir}/playwright.json`
			});
		if (only === 'playwright') writeFileSync(`${resultsDir}/vitest.json`, '{}');
		if (only === 'vitest') writeFileSync(`${resultsDir}/playwright.json`, '{"stats":{}}');
		const playwrightCode = only === 'vitest' ? 0 : await runBrowserSuite();
		const unit = readTotals(`${resultsDir}/vitest.json`, (json) => ({
			passed: Number(json.numPassedTests ?? 0),
			// A file whose beforeAll failed has no failed test (its tests are skipped) but is not a
			// success, and vitest may still exit 0: count it as one failure.
			failed:
				Number(json.numFailedTests ?? 0) ||
				(json.success === false && Number(json.numFailedTestSuites ?? 0) > 0 ? 1 : 0),
			skipped: Number(json.numPendingTests ?? 0) + Number(json.numTodoTests ?? 0)
		}));
		const browser = readTotals(`${resultsDir}/playwright.json`, (json) => {
			const stats = (json.stats ?? {}) as Record<string, number>;
			return {
				passed: stats.expected ?? 0,
				failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0),
				skipped: stats.skipped ?? 0
			};
		});
		const failed =
			unit.failed +
			browser.failed +
			(vitestCode && !unit.failed ? 1 : 0) +
			(playwrightCode && !browser.failed ? 1 : 0);
		console.log(
			`\nvitest: ${unit.passed} passed, ${unit.failed} failed; playwright: ${browser.passed} passed, ${browser.failed} failed`
		);
		console.log(
			`${unit.passed + browser.passed} passed, ${failed} failed, ${unit.skipped + browser.skipped} skipped`
		);
		return failed === 0 && vitestCode === 0 && playwrightCode === 0 ? 0 : 1;
	} finally {
		// The stack's folder goes with it: keep the app's log, so a failure (a 503, say) can still
		// be traced to the server's side once the run is over.
		const appLog = stack.env.APP_LOG_PATH;
		if (appLog && existsSync(appLog)) copyFileSync(appLog, `${resultsDir}/app.log`);
		await stack.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(
			`[npm test] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
		);
		process.exit(1);
	}
);
