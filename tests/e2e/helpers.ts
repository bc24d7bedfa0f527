// Shared steps for the browser specs: sign in through the real form, and screenshots of
// each state under tests/e2e/screenshots/ (git-ignored) for people to look at.
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const ADMIN = { email: 'admin@bedrock.local', password: 'bedrock-admin' };
export const USER = { email: 'user@bedrock.local', password: 'bedrock-user' };

const SCREENSHOTS = 'tests/e2e/screenshots';
mkdirSync(SCREENSHOTS, { recursive: true });

export async function snap(page: Page, name: string): Promise<void> {
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
