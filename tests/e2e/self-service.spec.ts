import { expect, test } from '@playwright/test';
import { createUser, stackEnv } from '../helpers/factories';
import { EXAMPLE_KEYS, fillCredentials, notifications } from './helpers/credentials';
import { snap } from './helpers/screenshots';
import { signInAs } from './helpers/sign-in';

const SELF = '/bedrock';
const ADMIN_PAGES = [
	'/admin/supabase-bedrock',
	'/admin/supabase-bedrock/credentials',
	'/admin/supabase-bedrock/connection',
	'/admin/supabase-bedrock/models',
	'/admin/supabase-bedrock/code',
	'/admin/supabase-bedrock/playground',
	'/admin/supabase-bedrock/users',
	'/admin/supabase-bedrock/users/audit'
];

test('a new user lands in /bedrock, saves keys, tests them, browses models, copies the snippet and token, and is refused on admin pages', async ({
	page,
	context
}) => {
	test.slow();
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const user = await createUser('self-service');
	await signInAs(page, user);
	await expect(page).toHaveURL(new RegExp(`${SELF}$`));
	await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
	await expect(page.getByText(`Signed in as ${user.email} (user)`)).toBeVisible();
	await snap(page, 'self-overview-new');

	const nav = page.getByRole('navigation', { name: 'Dashboard' });
	await expect(nav.getByRole('link', { name: 'All users' })).toHaveCount(0);
	await nav.getByRole('link', { name: 'Credentials' }).click();
	await expect(page).toHaveURL(new RegExp(`${SELF}/credentials$`));
	await fillCredentials(page, EXAMPLE_KEYS);
	await page.getByRole('button', { name: 'Save credentials' }).click();
	await expect(notifications(page).getByRole('status').first()).toContainText('Credentials saved');
	await expect(
		page.getByRole('region', { name: 'Saved credentials' }).getByText(EXAMPLE_KEYS.masked)
	).toBeVisible();
	await snap(page, 'self-credentials-saved');

	await nav.getByRole('link', { name: 'Connection' }).click();
	await expect(page).toHaveURL(new RegExp(`${SELF}/connection$`));
	await page.getByRole('button', { name: 'Run connection test' }).click();
	await expect(
		page.getByRole('region', { name: 'Results' }).getByText('Passed').first()
	).toBeVisible();

	await nav.getByRole('link', { name: 'Models' }).click();
	await expect(page).toHaveURL(new RegExp(`${SELF}/models$`));
	await expect(page.getByText('Foundation models your AWS account can use in')).toBeVisible();
	const firstModel = page
		.getByRole('region', { name: 'Models table' })
		.getByRole('row')
		.nth(1)
		.getByRole('link')
		.first();
	const modelName = (await firstModel.innerText()).trim();
	await firstModel.click();
	await expect(page).toHaveURL(new RegExp(`${SELF}/models/[^/?]+`));
	await expect(page.getByRole('heading', { name: modelName, level: 1 })).toBeVisible();
	await page.getByRole('link', { name: 'Back to models' }).click();
	await expect(page).toHaveURL(new RegExp(`${SELF}/models$`));

	await nav.getByRole('link', { name: 'Use from code' }).click();
	await expect(page).toHaveURL(new RegExp(`${SELF}/code$`));
	const appUrl = new URL(page.url()).origin;
	const typescript = page.getByRole('region', { name: 'TypeScript', exact: true });
	await expect(typescript).toContainText(`url: '${appUrl}'`);
	await page
		.getByRole('region', { name: 'TypeScript: the typed client' })
		.getByRole('button', { name: 'Copy' })
		.click();
	const copiedSnippet = await page.evaluate(() => navigator.clipboard.readText());
	expect(copiedSnippet).toContain('createBedrockAdminClient');
	expect(copiedSnippet).toContain(appUrl);
	await snap(page, 'self-use-from-code');

	// The token is not in the page until asked for, and only after a confirmation.
	// (The snippet shows the project's anon key, which is public and JWT-shaped: set it aside.)
	const anonKey = stackEnv().PUBLIC_SUPABASE_ANON_KEY;
	expect((await page.content()).replaceAll(anonKey, '')).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
	await page.getByRole('button', { name: 'Copy access token…' }).click();
	const dialog = page.getByRole('alertdialog', { name: 'Copy your access token?' });
	await expect(dialog).toBeVisible();
	await snap(page, 'self-token-confirm');
	await dialog.getByRole('button', { name: 'Copy token' }).click();
	await expect(notifications(page).getByRole('status').last()).toContainText('Access token copied');
	const token = await page.evaluate(() => navigator.clipboard.readText());
	expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
	// The copied token works as the bearer token of the snippet.
	const me = await page.request.get('/api/trpc/me.get', {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(me.status()).toBe(200);
	expect(JSON.stringify(await me.json())).toContain(user.email);

	for (const path of ADMIN_PAGES) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
	}
});

test('an unknown page inside an area keeps its navigation and offers a way back', async ({
	page
}) => {
	await signInAs(page, await createUser('self-404'));
	const response = await page.goto(`${SELF}/no-such-page`);
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Dashboard' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('button', { name: 'Sign out' })).toHaveCount(0);
	await snap(page, 'self-404');
	await page.getByRole('link', { name: 'Back to the overview' }).click();
	await expect(page).toHaveURL(new RegExp(`${SELF}$`));
});

test('the skip link is the first tab stop and moves focus past the navigation', async ({
	page
}) => {
	await signInAs(page, await createUser('self-skip'));
	await page.goto(`${SELF}/credentials`);
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to main content' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeVisible();
	await page.keyboard.press('Enter');
	await expect(page.locator('#main-content')).toBeFocused();
	// The next Tab lands inside the page content, not on the sidebar.
	await page.keyboard.press('Tab');
	const inContent = await page.evaluate(
		() => document.getElementById('main-content')?.contains(document.activeElement) ?? false
	);
	expect(inContent).toBe(true);
});

test('an anonymous visit to /bedrock goes to sign-in and comes back afterwards', async ({
	page
}) => {
	await page.goto(`${SELF}/models`);
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fbedrock%2Fmodels$/);
	const user = await createUser('self-return');
	await page.getByLabel('Email').fill(user.email);
	await page.getByLabel('Password').fill(user.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(new RegExp(`${SELF}/models$`));
});
