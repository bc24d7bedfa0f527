// Signing in through the real login form, as a person does.
import { expect, type Page } from '@playwright/test';
import type { Login } from '../../helpers/factories';

export async function fillSignInForm(page: Page, login: Login): Promise<void> {
	await page.getByLabel('Email').fill(login.email);
	await page.getByLabel('Password').fill(login.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the form, checks it is the sign-in page and submits it (the outcome is the spec's). */
export async function signIn(page: Page, login: Login, path = '/login'): Promise<void> {
	await page.goto(path);
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
	await fillSignInForm(page, login);
}

/** Signs in through the login form and waits until the app has navigated away from it. */
export async function signInAs(page: Page, login: Login, path = '/login'): Promise<void> {
	await page.goto(path);
	await fillSignInForm(page, login);
	await expect(page).not.toHaveURL(/\/login(\?|$)/);
}
