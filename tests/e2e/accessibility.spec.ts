// Every page, as the person who sees it: axe-core finds no violations at 1280 px, and at
// 375 px nothing scrolls sideways except explicit scroll regions (role=region, tabindex=0).
// Screenshots at both widths land in tests/e2e/screenshots/ for people to look at.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { snap } from './helpers';
import { EXAMPLE_KEYS, fillCredentials, notifications } from './helpers/credentials';
import { createAdminUser, createUser, signInAs } from './helpers/users';

const MODEL = encodeURIComponent('anthropic.claude-3-haiku-20240307-v1:0');

async function saveExampleKeys(page: Page, credentialsPath: string) {
	await page.goto(credentialsPath);
	await fillCredentials(page, EXAMPLE_KEYS);
	await page.getByRole('button', { name: 'Save credentials' }).click();
	await expect(notifications(page).getByRole('status').first()).toContainText('Credentials saved');
}

async function checkPage(page: Page, path: string, name: string) {
	await page.setViewportSize({ width: 1280, height: 800 });
	const response = await page.goto(path);
	expect(response?.status(), path).toBeLessThan(500);
	await page.waitForLoadState('networkidle');
	const { violations } = await new AxeBuilder({ page }).analyze();
	expect(
		violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`),
		`axe on ${path}`
	).toEqual([]);
	await snap(page, `pages-${name}-1280`);

	await page.setViewportSize({ width: 375, height: 740 });
	await page.waitForTimeout(100);
	const overflow = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		width: document.documentElement.clientWidth
	}));
	expect(overflow.scroll, `sideways scroll at 375 px on ${path}`).toBeLessThanOrEqual(
		overflow.width
	);
	await snap(page, `pages-${name}-375`);
}

test('signed out: home and sign-in pass axe and fit a phone', async ({ page }) => {
	await checkPage(page, '/', 'home');
	await checkPage(page, '/login', 'login');
});

test('a user: every /bedrock page passes axe and fits a phone', async ({ page }) => {
	test.slow();
	await signInAs(page, await createUser('a11y-user'));
	await checkPage(page, '/bedrock', 'self-overview-empty');
	await checkPage(page, '/bedrock/connection', 'self-connection-empty');
	await saveExampleKeys(page, '/bedrock/credentials');
	for (const [path, name] of [
		['/bedrock', 'self-overview'],
		['/bedrock/credentials', 'self-credentials'],
		['/bedrock/connection', 'self-connection'],
		['/bedrock/models', 'self-models'],
		[`/bedrock/models/${MODEL}`, 'self-model'],
		['/bedrock/code', 'self-code'],
		['/bedrock/no-such-page', 'self-404'],
		['/admin/supabase-bedrock', 'self-forbidden']
	] as const)
		await checkPage(page, path, name);
});

test('an admin: every dashboard page passes axe and fits a phone', async ({ page }) => {
	test.slow();
	await signInAs(page, await createAdminUser('a11y-admin'));
	await saveExampleKeys(page, '/admin/supabase-bedrock/credentials');
	for (const [path, name] of [
		['/admin/supabase-bedrock', 'admin-overview'],
		['/admin/supabase-bedrock/credentials', 'admin-credentials'],
		['/admin/supabase-bedrock/connection', 'admin-connection'],
		['/admin/supabase-bedrock/models', 'admin-models'],
		[`/admin/supabase-bedrock/models/${MODEL}`, 'admin-model'],
		['/admin/supabase-bedrock/code', 'admin-code'],
		['/admin/supabase-bedrock/users', 'admin-users'],
		['/admin/supabase-bedrock/users/audit', 'admin-audit'],
		['/admin/supabase-bedrock/no-such-page', 'admin-404']
	] as const)
		await checkPage(page, path, name);
});
