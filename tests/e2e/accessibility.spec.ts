// Every page, as the person who sees it: axe-core finds no violations at 1280 px, and at
// 375 px nothing scrolls sideways except explicit scroll regions (role=region, tabindex=0,
// which scroll inside themselves). Screenshots at both widths land in tests/e2e/screenshots/.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createAdminUser, createUser, type TestLogin } from '../helpers/factories';
import { saveExampleKeysViaApi } from './helpers/api';
import { snap } from './helpers/screenshots';
import { signInAs } from './helpers/sign-in';

const MODEL = encodeURIComponent('anthropic.claude-3-haiku-20240307-v1:0');

async function checkPage(page: Page, path: string, name: string) {
	await page.setViewportSize({ width: 1280, height: 800 });
	const response = await page.goto(path);
	expect(response?.status(), path).toBeLessThan(500);
	const { violations } = await new AxeBuilder({ page }).analyze();
	expect(
		violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`),
		`axe on ${path}`
	).toEqual([]);
	await snap(page, `pages-${name}-1280`);

	await page.setViewportSize({ width: 375, height: 740 });
	await expect
		.poll(
			() => page.evaluate(() => document.documentElement.clientWidth),
			'the page took the phone width'
		)
		.toBe(375);
	const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scrollWidth, `sideways scroll at 375 px on ${path}`).toBeLessThanOrEqual(375);
	await snap(page, `pages-${name}-375`);
}

type Who = 'nobody' | 'user' | 'user with keys' | 'admin with keys';
const PAGES: [Who, string, string][] = [
	['nobody', '/', 'home'],
	['nobody', '/login', 'login'],
	['user', '/bedrock', 'self-overview-empty'],
	['user', '/bedrock/connection', 'self-connection-empty'],
	['user with keys', '/bedrock', 'self-overview'],
	['user with keys', '/bedrock/credentials', 'self-credentials'],
	['user with keys', '/bedrock/connection', 'self-connection'],
	['user with keys', '/bedrock/models', 'self-models'],
	['user with keys', `/bedrock/models/${MODEL}`, 'self-model'],
	['user with keys', '/bedrock/code', 'self-code'],
	['user with keys', '/bedrock/playground', 'self-playground'],
	['user with keys', '/bedrock/usage', 'self-usage'],
	['user', '/bedrock/playground', 'self-playground-no-keys'],
	['user with keys', '/bedrock/no-such-page', 'self-404'],
	['user', '/admin/supabase-bedrock', 'self-forbidden'],
	['admin with keys', '/admin/supabase-bedrock', 'admin-overview'],
	['admin with keys', '/admin/supabase-bedrock/credentials', 'admin-credentials'],
	['admin with keys', '/admin/supabase-bedrock/connection', 'admin-connection'],
	['admin with keys', '/admin/supabase-bedrock/models', 'admin-models'],
	['admin with keys', `/admin/supabase-bedrock/models/${MODEL}`, 'admin-model'],
	['admin with keys', '/admin/supabase-bedrock/code', 'admin-code'],
	['admin with keys', '/admin/supabase-bedrock/playground', 'admin-playground'],
	['admin with keys', '/admin/supabase-bedrock/usage', 'admin-usage'],
	['admin with keys', '/admin/supabase-bedrock/provisioned', 'admin-provisioned'],
	['admin with keys', '/admin/supabase-bedrock/users', 'admin-users'],
	['admin with keys', '/admin/supabase-bedrock/users/audit', 'admin-audit'],
	['admin with keys', '/admin/supabase-bedrock/no-such-page', 'admin-404']
];

async function person(who: Who): Promise<TestLogin | null> {
	if (who === 'nobody') return null;
	const login =
		who === 'admin with keys' ? await createAdminUser('a11y') : await createUser('a11y');
	if (who !== 'user') await saveExampleKeysViaApi(login);
	return login;
}

// One sign-in per kind of person (per worker), reused through the browser's storage state,
// so the suite pays for axe and the pages, not for signing in twenty times.
for (const who of ['nobody', 'user', 'user with keys', 'admin with keys'] as const) {
	test.describe(`as ${who}`, () => {
		let state: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

		test.beforeAll(async ({ browser }) => {
			test.setTimeout(90_000);
			const login = await person(who);
			if (!login) return;
			const context = await browser.newContext();
			await signInAs(await context.newPage(), login);
			state = await context.storageState();
			await context.close();
		});

		for (const [, path, name] of PAGES.filter(([pageWho]) => pageWho === who)) {
			test(`${path}: axe finds nothing at 1280 px, no sideways scroll at 375 px`, async ({
				browser
			}) => {
				test.slow();
				const context = await browser.newContext({ storageState: state });
				try {
					await checkPage(await context.newPage(), path, name);
				} finally {
					await context.close();
				}
			});
		}
	});
}
