// Browser tests (tests/e2e) against an app that is already running: `npm test` starts the
// local stack and the built app and passes APP_URL and CHROMIUM_PATH. No webServer here,
// so the same specs can run against `npm run dev` (APP_URL=http://127.0.0.1:5173).
import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

const chromiumPath =
	process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
	testDir: 'tests/e2e',
	// Per-run folder (TEST_RESULTS_DIR): Playwright empties it at start, so parallel runs on one
	// checkout must not share it.
	outputDir: `${process.env.TEST_RESULTS_DIR ?? 'test-results'}/playwright`,
	fullyParallel: true,
	forbidOnly: true,
	retries: 0,
	workers: 2,
	timeout: 30_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: process.env.APP_URL ?? 'http://127.0.0.1:5173',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				viewport: { width: 1280, height: 800 },
				launchOptions: {
					executablePath: chromiumPath,
					args: [
						'--no-sandbox',
						'--disable-gpu',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync',
						'--disable-quic',
						'--no-first-run'
					]
				}
			}
		}
	]
});
