// The usage page (/admin/supabase-bedrock/usage): totals with calls of unknown cost said apart,
// breakdown tables, filters that live in the URL (Back restores them), and budgets: an admin
// edits a user's budget in the dialog, and the user then sees what is left, and the refusal,
// in the playground. Calls are made with AWS's example keys (no emulator faults are set).
import { expect, test } from '@playwright/test';
import { dayTick } from '../../src/lib/features/usage/daily-series';
import { createAdminUser, createUser } from '../helpers/factories';
import { apiAs, saveExampleKeysViaApi } from './helpers/api';
import { snap } from './helpers/screenshots';
import { signInAs } from './helpers/sign-in';

const TITAN = 'amazon.titan-text-express-v1';
const CLAUDE_V2 = 'anthropic.claude-v2'; // no price in the bundled data

const hello = (modelId: string) => ({
	modelId,
	messages: [{ role: 'user' as const, content: 'Say hello' }],
	inferenceConfig: { maxTokens: 20 }
});

test('an admin reads a user’s usage with URL filters, sets their budget, and the user is refused in the playground', async ({
	page,
	browser
}) => {
	test.slow();
	const [admin, user] = await Promise.all([
		createAdminUser('e2e-usage-admin'),
		createUser('e2e-usage-user')
	]);
	await saveExampleKeysViaApi(user);
	const userApi = await apiAs(user);
	await userApi.invoke.converse.mutate(hello(TITAN));
	await userApi.invoke.converse.mutate(hello(CLAUDE_V2));

	await signInAs(page, admin);
	await page
		.getByRole('navigation', { name: 'Dashboard' })
		.getByRole('link', { name: 'Usage' })
		.click();
	await expect(page.getByRole('heading', { name: 'Usage and cost', level: 1 })).toBeVisible();

	// One user's figures, chosen in the filters: the URL says so. (The ledger is written off the
	// request path, so the page is reloaded until both calls are in.)
	await page.getByLabel('User', { exact: true }).selectOption({ label: user.email });
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(new RegExp(`user=${user.id}`));
	await expect(async () => {
		await page.reload();
		await expect(page.getByText('+ 1 call of unknown cost').first()).toBeVisible({
			timeout: 1000
		});
	}).toPass({ timeout: 15_000 });
	const byModel = page.getByRole('table', { name: 'By model' });
	await expect(byModel.getByRole('row', { name: new RegExp(TITAN) })).toBeVisible();
	await expect(byModel.getByRole('row', { name: new RegExp(CLAUDE_V2) })).toContainText(
		'$0.00 + 1 call of unknown cost'
	);
	// The daily bars say in words what they show; the day table is the data behind them.
	await expect(page.getByRole('figure')).toContainText(
		/1 day, \$[\d.]+ \+ 1 call of unknown cost in all; the most on \d{4}-\d{2}-\d{2}/
	);
	await expect(page.getByRole('table', { name: 'Cost and calls by day (UTC)' })).toBeVisible();
	// The chart (LayerChart, drawn in the browser): one bar for the one day with calls, under a
	// dated axis, reached by Tab from the export link; focusing it says its figures.
	const chart = page.getByTestId('daily-chart');
	// Bars are the chart's only images (the axes' labels are hidden from assistive technology:
	// each bar's name and the day table carry the figures).
	const bars = chart.getByRole('img');
	await expect(bars).toHaveCount(1);
	const today = new Date().toISOString().slice(0, 10);
	await expect(bars.first()).toHaveAccessibleName(
		new RegExp(`^${today}: \\$[\\d.]+ \\+ 1 call of unknown cost, 2 calls$`)
	);
	await expect(chart.locator('svg text').filter({ hasText: dayTick(today) })).toHaveCount(1);
	expect((await bars.first().boundingBox())?.height ?? 0).toBeGreaterThan(20);
	await page.getByRole('link', { name: 'Export CSV' }).focus();
	await page.keyboard.press('Tab');
	await expect(bars.first()).toBeFocused();
	await expect(page.getByTestId('daily-readout')).toHaveText(
		new RegExp(`^${today}: \\$[\\d.]+ \\+ 1 call of unknown cost, 2 calls$`)
	);
	await expect(
		page.getByRole('region', { name: 'Calls, newest first' }).getByRole('row')
	).toHaveCount(3);
	await snap(page, 'usage-admin-user-filter');
	// At 375 px the chart still fits (one day's chart is narrow anyway) and nothing scrolls sideways.
	const wide = page.viewportSize();
	await page.setViewportSize({ width: 375, height: 800 });
	await expect(bars).toHaveCount(1);
	await expect
		.poll(async () => (await chart.locator('svg').first().boundingBox())?.width ?? 0)
		.toBeLessThan(375);
	expect(
		await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
	).toBeLessThanOrEqual(0);
	await snap(page, 'usage-admin-user-filter-375');
	if (wide) await page.setViewportSize(wide);

	// A second filter, then Back: the URL and the form return to the first.
	await page.getByLabel('Status').selectOption('error');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/status=error/);
	await expect(page.getByText('No calls match these filters.')).toBeVisible();
	await page.goBack();
	await expect(page).not.toHaveURL(/status=error/);
	await expect(page.getByLabel('Status')).toHaveValue('');
	await expect(page.getByLabel('User', { exact: true })).toHaveValue(user.id);

	// The budget: $0.00 a month, set in the dialog.
	await page.getByRole('button', { name: `Edit budget for ${user.email}` }).click();
	const dialog = page.getByRole('dialog', { name: `Budget for ${user.email}` });
	await dialog.getByLabel('Monthly budget (USD)').fill('-1');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog.getByText('monthlyUsd must not be negative')).toBeVisible();
	await dialog.getByLabel('Monthly budget (USD)').fill('0');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText(`Budget saved for ${user.email}`)).toBeVisible();
	await expect(dialog).toBeHidden();
	await expect(page.getByText(/\$0\.00 left\s+of \$0\.00/).first()).toBeVisible();
	await snap(page, 'usage-admin-budget-set');

	// The user sees it in the playground, and a call that cannot fit is refused before AWS.
	const context = await browser.newContext();
	const userPage = await context.newPage();
	await signInAs(userPage, user);
	await userPage.goto('/bedrock/playground');
	await expect(userPage.getByTestId('pg-budget')).toContainText('$0.00 left');
	await userPage.getByLabel('Model', { exact: true }).selectOption(TITAN);
	await userPage.getByRole('textbox', { name: 'Message' }).fill('Hello?');
	await userPage.getByRole('button', { name: 'Send' }).click();
	await expect(
		userPage.getByText(/more than is left of your monthly budget of \$0\.00/)
	).toBeVisible();
	await snap(userPage, 'usage-playground-refused');
	await context.close();
});

test('a user sees their own usage and budget at /bedrock/usage, and an empty state without calls', async ({
	page
}) => {
	const user = await createUser('e2e-usage-self');
	await signInAs(page, user);
	await page.goto('/bedrock/usage');
	await expect(page.getByRole('heading', { name: 'Usage and cost', level: 1 })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Your monthly budget' })).toContainText(
		'No monthly limit'
	);
	await expect(page.getByText('No model calls yet.')).toBeVisible();
	await expect(page.getByLabel('User', { exact: true })).toHaveCount(0);
	await page.setViewportSize({ width: 375, height: 800 });
	expect(
		await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
	).toBeLessThanOrEqual(0);
	await snap(page, 'usage-self-empty');
});
