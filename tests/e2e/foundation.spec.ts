import { expect, test } from '@playwright/test';
import { SEEDED_ADMIN as ADMIN, SEEDED_USER as USER } from '../helpers/factories';
import { snap } from './helpers/screenshots';
import { fillSignInForm, signIn } from './helpers/sign-in';

const DASHBOARD = '/admin/supabase-bedrock';

test('the landing page explains the product and offers sign-in', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('AWS Bedrock');
	await snap(page, 'landing');
	await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await snap(page, 'login');
});

test('the seeded admin signs in, sees the dashboard with their email, and signs out', async ({
	page
}) => {
	await signIn(page, ADMIN);
	await expect(page).toHaveURL(new RegExp(`${DASHBOARD}$`));
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await expect(page.getByText('Signed in as admin@bedrock.local (admin)')).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'All users' })
	).toBeVisible();
	await snap(page, 'admin-overview');

	// The session survives a reload (it lives in the cookie, not in page state).
	await page.reload();
	await expect(page.getByText('Signed in as admin@bedrock.local (admin)')).toBeVisible();

	await page
		.getByRole('navigation', { name: 'Account' })
		.getByRole('button', { name: 'Sign out' })
		.click();
	await expect(page).toHaveURL(/\/login$/);
	await snap(page, 'signed-out');

	await page.goto(DASHBOARD);
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fsupabase-bedrock$/);
});

test('a signed-in user without the admin role lands in /bedrock and gets the 403 page in the dashboard', async ({
	page
}) => {
	await signIn(page, USER);
	await expect(page).toHaveURL(/\/bedrock$/);
	await expect(page.getByText(`Signed in as ${USER.email} (user)`)).toBeVisible();
	await page.goto(DASHBOARD);
	await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
	await expect(page.getByText('does not have the admin role')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
	await snap(page, 'forbidden');

	await page.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
});

test('an anonymous visit to the dashboard goes to sign-in and comes back afterwards', async ({
	page
}) => {
	await page.goto(`${DASHBOARD}/models?provider=anthropic`);
	await expect(page).toHaveURL(/\/login\?redirectTo=/);
	expect(new URL(page.url()).searchParams.get('redirectTo')).toBe(
		`${DASHBOARD}/models?provider=anthropic`
	);
	await fillSignInForm(page, ADMIN);
	await expect(page).toHaveURL(new RegExp(`${DASHBOARD}/models\\?provider=anthropic$`));
	await expect(page.getByRole('heading', { name: 'Models' })).toBeVisible();
});

test('a wrong password shows an error above the form and keeps the email', async ({ page }) => {
	await signIn(page, { email: ADMIN.email, password: 'not-the-password' });
	await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
	await expect(page.getByLabel('Email')).toHaveValue(ADMIN.email);
	await expect(page.getByLabel('Password')).toHaveValue('');
	await snap(page, 'login-wrong-password');
});

test('empty and malformed fields are explained next to each field', async ({ page }) => {
	await signIn(page, { email: 'not-an-email', password: '' });
	const email = page.getByLabel('Email');
	const password = page.getByLabel('Password');
	await expect(email).toHaveAttribute('aria-invalid', 'true');
	await expect(email).toHaveAccessibleDescription(
		'Enter a valid email address, like name@example.com.'
	);
	await expect(password).toHaveAccessibleDescription('Enter your password.');
	await snap(page, 'login-field-errors');
});

test('after a failed submit an error summary on top links to each invalid field, and the first takes the focus', async ({
	page
}) => {
	await signIn(page, { email: 'not-an-email', password: '' });
	const summary = page.getByRole('alert').filter({ hasText: 'There are problems with 2 fields' });
	await expect(summary).toBeVisible();
	const links = summary.getByRole('link');
	await expect(links).toHaveText([
		'Email: Enter a valid email address, like name@example.com.',
		'Password: Enter your password.'
	]);
	// The summary comes before the fields, and the first invalid field has the focus.
	const above = await summary.evaluate(
		(node) =>
			!!(
				node.compareDocumentPosition(document.getElementById('field-email')!) &
				Node.DOCUMENT_POSITION_FOLLOWING
			)
	);
	expect(above).toBe(true);
	await expect(page.getByLabel('Email')).toBeFocused();
	await links.filter({ hasText: 'Password' }).click();
	await expect(page.getByLabel('Password')).toBeFocused();

	// Only the password missing: it is the first (and only) problem, so it takes the focus.
	await page.getByLabel('Email').fill('someone@example.com');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(
		page.getByRole('alert').filter({ hasText: 'There is a problem with 1 field' })
	).toBeVisible();
	await expect(page.getByLabel('Password')).toBeFocused();
	await snap(page, 'login-error-summary-1280');
	await page.setViewportSize({ width: 375, height: 812 });
	expect(
		await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
	).toBeLessThanOrEqual(0);
	await snap(page, 'login-error-summary-375');
});

test('an off-site redirectTo is ignored after sign-in', async ({ page }) => {
	await signIn(page, ADMIN, '/login?redirectTo=//evil.example/steal');
	await expect(page).toHaveURL(new RegExp(`${DASHBOARD}$`));
	expect(new URL(page.url()).host).not.toBe('evil.example');
	await expect(page.getByText('Signed in as admin@bedrock.local (admin)')).toBeVisible();
});

test('the layout stays usable on a phone-sized screen', async ({ page }) => {
	await page.setViewportSize({ width: 375, height: 740 });
	await signIn(page, ADMIN);
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: 'Account' }).getByText(ADMIN.email)
	).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Models' })
	).toBeVisible();
	await snap(page, 'admin-overview-mobile');
	await page
		.getByRole('navigation', { name: 'Account' })
		.getByRole('button', { name: 'Sign out' })
		.click();
	await expect(page).toHaveURL(/\/login$/);
	await snap(page, 'login-mobile');
});
