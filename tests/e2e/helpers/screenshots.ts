// With E2E_SCREENSHOTS=1, screenshots of each state under tests/e2e/screenshots/ (git-ignored)
// for people to look at. Off by default: a full-page capture of a long page takes seconds of
// the test's budget and asserts nothing.
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SCREENSHOTS = 'tests/e2e/screenshots';
const TAKE_SCREENSHOTS = process.env.E2E_SCREENSHOTS === '1';
if (TAKE_SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });

export async function snap(page: Page, name: string): Promise<void> {
	if (!TAKE_SCREENSHOTS) return;
	await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}
