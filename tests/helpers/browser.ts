// Finds a Chromium for the browser tests: CHROMIUM_PATH, then a browser installed on the
// machine (Debian's chromium), then Playwright's own; when there is none, fetches Playwright's
// Chromium and says so, so the README's `npm test` works on a machine without a browser.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_BROWSERS = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome'
];

export function findChromium(): string | undefined {
	const candidates = [process.env.CHROMIUM_PATH, ...SYSTEM_BROWSERS, chromium.executablePath()];
	return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}

export function ensureChromium(log: (line: string) => void): string {
	const found = findChromium();
	if (found) return found;
	log(
		"No Chromium found on this machine: downloading Playwright's own Chromium (npx playwright install chromium)…"
	);
	execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
	const installed = chromium.executablePath();
	if (!existsSync(installed))
		throw new Error(
			'Playwright could not install Chromium; set CHROMIUM_PATH to a Chromium binary.'
		);
	return installed;
}
