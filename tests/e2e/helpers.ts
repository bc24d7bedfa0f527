// Shared steps for the browser specs: sign in through the real form, and (with
// E2E_SCREENSHOTS=1) screenshots of each state under tests/e2e/screenshots/ (git-ignored) for
// people to look at. Off by default: a full-page capture of a long page takes seconds of the
// test's budget and asserts nothing.
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const ADMIN = { email: 'admin@bedrock.local', password: 'bedrock-admin' };
export const USER = { email: 'user@bedrock.local', password: 'bedrock-user' };

const SCREENSHOTS = 'tests/e2e/screenshots';
const TAKE_SCREENSHOTS = process.env.E2E_SCREENSHOTS === '1';
if (TAKE_SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });

export async function snap(page: Page, name: string): Promise<void> {
	if (!TAKE_SCREENSHOTS) return;
	await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

export async function fillSignInForm(
	page: Page,
	login: { email: string; password: string }
): Promise<void> {
	await page.getByLabel('Email').fill(login.email);
	await page.getByLabel('Password').fill(login.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signIn(
	page: Page,
	login: { email: string; password: string },
	path = '/login'
): Promise<void> {
	await page.goto(path);
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
	await fillSignInForm(page, login);
}
