// The model catalog and model details pages, as an admin uses them: filters, search and sort
// that live in the URL (shared links, Back), the details page with its inference profiles,
// fallback data explained, the empty state, no-JavaScript forms and the phone layout.
// Each admin here is fresh (their own credentials), so the specs never race other files.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createAdminUser, type TestLogin } from '../helpers/factories';
import { saveExampleKeysViaApi } from './helpers/api';
import { EXAMPLE_KEYS, WRONG_SECRET } from './helpers/credentials';
import { snap } from './helpers/screenshots';
import { signInAs } from './helpers/sign-in';

const CATALOG = '/admin/supabase-bedrock/models';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

const table = (page: Page) => page.getByRole('region', { name: 'Models table' });
const bodyRows = (page: Page) => table(page).getByRole('rowgroup').nth(1).getByRole('row');
const countLine = (page: Page) => page.getByText(/^Showing \d+ of \d+ models?$/);

/** The text of one column (0 = Provider, 1 = Name, 2 = Model ID) in every visible row. */
async function column(page: Page, index: number): Promise<string[]> {
	const cells: string[] = [];
	for (const row of await bodyRows(page).all()) {
		const cell = row.getByRole('cell').nth(index);
		// The name cell also says what tells same-named models apart ("200k context"): the name
		// itself is its link.
		const text = index === 1 ? cell.getByRole('link') : cell;
		cells.push((await text.innerText()).trim());
	}
	return cells;
}

async function shownCount(page: Page): Promise<{ shown: number; total: number }> {
	const text = await countLine(page).innerText();
	const [, shown, total] = /Showing (\d+) of (\d+)/.exec(text) ?? [];
	return { shown: Number(shown), total: Number(total) };
}

/**
 * Opens the catalog and waits until the page's scripts have loaded, so typing in the search box
 * is seen by the (hydrated) debounce handler rather than only by the plain HTML form.
 */
async function openCatalog(page: Page, search = ''): Promise<void> {
	await page.goto(`${CATALOG}${search}`);
	await page.waitForLoadState('networkidle');
	await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
}

const params = (page: Page) => new URL(page.url()).searchParams;

const byText = (a: string, b: string) =>
	a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true });

test.describe('with the example keys saved', () => {
	let admin: TestLogin;

	test.beforeAll(async () => {
		admin = await createAdminUser('models-admin');
		await saveExampleKeysViaApi(admin, EXAMPLE_KEYS.secretAccessKey);
	});

	test('filters by provider and output modality and searches by name; the URL follows and Back restores', async ({
		page
	}) => {
		// Seven navigations in one story: 22 s with a second browser on two cores, 32-34 s in
		// full runs (over the 30 s default).
		test.slow();
		await signInAs(page, admin);
		await openCatalog(page);
		await expect(page.getByRole('status').filter({ hasText: 'sample models' })).toHaveCount(0);
		const all = await shownCount(page);
		expect(all.shown).toBe(all.total);
		expect(all.total).toBeGreaterThan(20);
		await expect(bodyRows(page)).toHaveCount(all.total);
		await snap(page, 'models-catalog');

		// Filter changes navigate without losing the keyboard position.
		await page.getByLabel('Provider').focus();
		await page.getByLabel('Provider').selectOption('Anthropic');
		await expect.poll(() => params(page).get('provider')).toBe('Anthropic');
		await expect(page.getByLabel('Provider')).toBeFocused();
		const providers = await column(page, 0);
		expect(providers.length).toBeGreaterThan(3);
		expect(providers.every((p) => p === 'Anthropic')).toBe(true);
		const anthropic = await shownCount(page);
		expect(anthropic).toEqual({ shown: providers.length, total: all.total });

		await page.getByLabel('Output modality').selectOption('TEXT');
		await expect.poll(() => params(page).get('output')).toBe('TEXT');
		expect(params(page).get('provider')).toBe('Anthropic');
		await snap(page, 'models-filtered');

		await page.getByLabel('Search models').fill('haiku');
		await expect.poll(() => params(page).get('q')).toBe('haiku');
		const names = await column(page, 1);
		expect(names.length).toBeGreaterThan(0);
		expect(names.length).toBeLessThan(anthropic.shown);
		expect(names.every((n) => /haiku/i.test(n))).toBe(true);
		expect((await shownCount(page)).shown).toBe(names.length);
		await snap(page, 'models-search');

		// Back undoes the search, keeps provider and output, and the form shows them.
		await page.goBack();
		await expect.poll(() => params(page).get('q')).toBeNull();
		expect(params(page).get('provider')).toBe('Anthropic');
		expect(params(page).get('output')).toBe('TEXT');
		await expect(page.getByLabel('Search models')).toHaveValue('');
		await expect(page.getByLabel('Output modality')).toHaveValue('TEXT');
		expect((await shownCount(page)).shown).toBeGreaterThan(names.length);

		await page.goBack();
		await expect.poll(() => params(page).get('output')).toBeNull();
		await expect(page.getByLabel('Output modality')).toHaveValue('');
		await expect(page.getByLabel('Provider')).toHaveValue('Anthropic');
		expect(await shownCount(page)).toEqual(anthropic);
	});

	test('sorting by a column header changes the order, aria-sort and the URL', async ({ page }) => {
		await signInAs(page, admin);
		await openCatalog(page, '?provider=Amazon');
		const providerHeader = page.getByRole('columnheader', { name: /^Provider/ });
		const nameHeader = page.getByRole('columnheader', { name: /^Name/ });
		await expect(providerHeader).toHaveAttribute('aria-sort', 'ascending');
		await expect(nameHeader).toHaveAttribute('aria-sort', 'none');

		await nameHeader.getByRole('link').click();
		await expect.poll(() => params(page).get('sort')).toBe('name');
		await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
		await expect(providerHeader).toHaveAttribute('aria-sort', 'none');
		const ascending = await column(page, 1);
		expect(ascending).toEqual([...ascending].sort(byText));
		expect(params(page).get('provider')).toBe('Amazon');

		await nameHeader.getByRole('link').click();
		await expect.poll(() => params(page).get('dir')).toBe('desc');
		await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
		const descending = await column(page, 1);
		expect(descending).toEqual([...ascending].reverse());
		expect(descending[0]).not.toBe(ascending[0]);
		await snap(page, 'models-sorted');

		await page
			.getByRole('columnheader', { name: /^Model ID/ })
			.getByRole('link')
			.click();
		await expect.poll(() => params(page).get('sort')).toBe('id');
		const ids = await column(page, 2);
		expect(ids).toEqual([...ids].sort(byText));
	});

	test('opens a Claude model and sees its us. inference profile with status, type and routed Regions; the back link keeps the filters', async ({
		page
	}) => {
		await signInAs(page, admin);
		await openCatalog(page, '?provider=Anthropic&q=haiku');
		await bodyRows(page)
			.filter({ has: page.getByRole('cell', { name: HAIKU, exact: true }) })
			.getByRole('link', { name: 'Claude 3 Haiku' })
			.click();

		await expect(page.getByRole('heading', { level: 1, name: 'Claude 3 Haiku' })).toBeVisible();
		expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`${CATALOG}/${HAIKU}`);
		const facts = page.getByRole('definition');
		await expect(facts.filter({ hasText: `foundation-model/${HAIKU}` })).toHaveCount(1);
		await expect(facts.filter({ hasText: /^us-east-1$/ })).toHaveCount(1);

		const profiles = page.getByRole('region', { name: 'Inference profiles table' });
		await expect(profiles.getByText(`us.${HAIKU}`, { exact: true })).toBeVisible();
		const profileRows = profiles.getByRole('rowgroup').nth(1).getByRole('row');
		expect(await profileRows.count()).toBeGreaterThan(0);
		for (const row of await profileRows.all()) {
			await expect(row.getByRole('cell').first()).toContainText(/^us\./);
		}
		// The us. profile as AWS lists it: status in words, its type, and the Regions it routes to.
		const usRow = profileRows.filter({ hasText: `us.${HAIKU}` });
		await expect(usRow.getByRole('cell').nth(2)).toHaveText('Active');
		await expect(usRow.getByRole('cell').nth(3)).toHaveText('System defined');
		const routes = usRow.getByRole('list', { name: `Destination Regions of us.${HAIKU}` });
		const routed = (await routes.getByRole('listitem').allInnerTexts()).map((t) => t.trim());
		expect(routed).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^us-east-1\b/),
				expect.stringMatching(/^us-west-2\b/)
			])
		);
		await expect(routes).toContainText('US West (Oregon)');
		await expect(usRow.getByRole('cell').nth(5)).toHaveText('us-east-1');
		await snap(page, 'models-details');

		await page.getByRole('link', { name: 'Back to models' }).click();
		await expect(page).toHaveURL(/\/models\?/);
		expect(params(page).get('provider')).toBe('Anthropic');
		expect(params(page).get('q')).toBe('haiku');
		await expect(page.getByLabel('Search models')).toHaveValue('haiku');
	});

	test('an unknown model id gets a 404 page that leads back to the catalog', async ({ page }) => {
		await signInAs(page, admin);
		const response = await page.goto(`${CATALOG}/acme.no-such-model-v1:0`);
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { name: 'Model not found' })).toBeVisible();
		await expect(page.getByText('There is no model "acme.no-such-model-v1:0"')).toBeVisible();
		await snap(page, 'models-not-found');
		await page.getByRole('link', { name: 'Back to the model catalog' }).click();
		await expect(page.getByRole('heading', { name: 'Models' })).toBeVisible();
	});

	test('a search with no match shows the empty state, and Clear filters resets', async ({
		page
	}) => {
		await signInAs(page, admin);
		await openCatalog(page);
		const { total } = await shownCount(page);
		await page.getByLabel('Search models').fill('no-such-model-anywhere');
		await expect.poll(() => params(page).get('q')).toBe('no-such-model-anywhere');
		await expect(
			page.getByRole('heading', { name: 'No models match these filters' })
		).toBeVisible();
		await expect(table(page)).toHaveCount(0);
		await expect(countLine(page)).toHaveText(`Showing 0 of ${total} models`);
		await snap(page, 'models-empty');

		await page.getByRole('link', { name: 'Clear filters' }).click();
		await expect.poll(() => page.url().includes('?')).toBe(false);
		await expect(page.getByLabel('Search models')).toHaveValue('');
		await expect(countLine(page)).toHaveText(`Showing ${total} of ${total} models`);
	});

	test('a link with values the API refuses says which were ignored and shows the rest', async ({
		page
	}) => {
		await signInAs(page, admin);
		await openCatalog(page, '?provider=Meta&output=SMELL&sort=price');
		const notice = page
			.getByRole('status')
			.filter({ hasText: 'Some filters in the link were ignored' });
		await expect(notice).toContainText('output=SMELL: output must be one of TEXT, IMAGE');
		await expect(notice).toContainText('sort=price: use provider, name, id');
		await expect(page.getByLabel('Output modality')).toHaveValue('');
		expect((await column(page, 0)).every((p) => p === 'Meta')).toBe(true);
		await snap(page, 'models-ignored-params');
	});

	test('the legacy toggle hides legacy models and each lifecycle says so in words', async ({
		page
	}) => {
		await signInAs(page, admin);
		await openCatalog(page, '?provider=Anthropic');
		const lifecycles = await column(page, 7);
		expect(lifecycles).toContain('Legacy');
		expect(lifecycles).toContain('Active');

		await page.getByLabel('Hide legacy models').check();
		await expect.poll(() => params(page).get('legacy')).toBe('hide');
		const active = await column(page, 7);
		expect(active.length).toBe(lifecycles.filter((l) => l === 'Active').length);
		expect(active.every((l) => l === 'Active')).toBe(true);
	});

	test('a shared link renders the filtered table on the server, and the form works without JavaScript', async ({
		browser
	}) => {
		const page = await noScriptPage(browser);
		await signInAs(page, admin);
		await page.goto(`${CATALOG}?provider=Anthropic&output=TEXT&q=haiku&sort=id&dir=desc`);
		await expect(page.getByLabel('Provider')).toHaveValue('Anthropic');
		await expect(page.getByLabel('Output modality')).toHaveValue('TEXT');
		await expect(page.getByLabel('Search models')).toHaveValue('haiku');
		await expect(page.getByRole('columnheader', { name: /^Model ID/ })).toHaveAttribute(
			'aria-sort',
			'descending'
		);
		const ids = await column(page, 2);
		expect(ids.length).toBeGreaterThan(0);
		expect(ids.every((id) => id.startsWith('anthropic.') && id.includes('haiku'))).toBe(true);
		expect(ids).toEqual([...ids].sort(byText).reverse());

		// A plain GET submit: the server reads the form's fields, keeping the sort order.
		await page.getByLabel('Input modality').selectOption('IMAGE');
		await page.getByRole('button', { name: 'Apply filters' }).click();
		await expect.poll(() => params(page).get('input')).toBe('IMAGE');
		expect(params(page).get('sort')).toBe('id');
		expect(params(page).get('q')).toBe('haiku');
		await expect(page.getByLabel('Input modality')).toHaveValue('IMAGE');
		await snap(page, 'models-no-javascript');
		await page.context().close();
	});

	test('the catalog is usable on a 375 px phone screen', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 800 });
		await signInAs(page, admin);
		await openCatalog(page);
		// Filters sit behind a disclosure on small screens; the search box stays visible.
		await expect(page.getByLabel('Search models')).toBeVisible();
		await expect(page.getByLabel('Provider')).toBeHidden();
		await snap(page, 'models-mobile');
		await page.getByText('Filters', { exact: true }).click();
		await expect(page.getByLabel('Provider')).toBeVisible();
		await page.getByLabel('Provider').selectOption('Meta');
		await expect.poll(() => params(page).get('provider')).toBe('Meta');
		// Below md the models are cards, not a table that only scrolls sideways.
		await expect(table(page)).toBeHidden();
		// The cards are the list's own items (each card holds a nested list of its tags).
		const cards = page.getByRole('list', { name: 'Models' }).locator(':scope > li');
		await expect(cards.first()).toBeVisible();
		for (const card of await cards.all()) await expect(card).toContainText('Meta');
		await snap(page, 'models-mobile-filters');

		const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(pageWidth).toBeLessThanOrEqual(375);
		await cards.first().getByRole('link').click();
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			375
		);
		await snap(page, 'models-mobile-details');
	});
});

test('an admin without credentials sees sample models and a banner that says why', async ({
	page
}) => {
	const admin = await createAdminUser('models-nocreds');
	await signInAs(page, admin);
	await page.goto(CATALOG);
	const banner = page.getByRole('status').filter({ hasText: 'Showing sample models' });
	await expect(banner).toBeVisible();
	await expect(banner).toContainText('No AWS credentials are saved for this account');
	await expect(
		banner.getByRole('link', { name: 'Save or fix your AWS credentials' })
	).toHaveAttribute('href', '/admin/supabase-bedrock/credentials');
	expect(await column(page, 2)).toEqual(
		expect.arrayContaining(['amazon.titan-text-express-v1', 'anthropic.claude-v2'])
	);
	expect((await column(page, 7)).every((l) => l === 'Legacy')).toBe(true);
	await snap(page, 'models-fallback');
});

test('an admin whose secret is wrong sees the AWS error and the fix in the banner', async ({
	page
}) => {
	const admin = await createAdminUser('models-wrongkey');
	await saveExampleKeysViaApi(admin, WRONG_SECRET);
	await signInAs(page, admin);
	await page.goto(CATALOG);
	const banner = page.getByRole('status').filter({ hasText: 'Showing sample models' });
	await expect(banner).toBeVisible();
	await expect(banner).toContainText('AWS refused to list models');
	await expect(banner).toContainText('InvalidSignatureException');
	await expect(banner).toContainText('What to do: The secret access key does not match');
	await expect(banner).not.toContainText(WRONG_SECRET);
	await snap(page, 'models-fallback-wrong-secret');
});

async function noScriptPage(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled: false });
	return context.newPage();
}

test('arrow keys on a filter select apply the option stopped at, not each one passed', async ({
	page
}) => {
	// The page's clock is Playwright's: it runs with real time until paused below, so on a
	// loaded machine a slow gap between two key presses cannot pass for the person stopping.
	await page.clock.install();
	const admin = await createAdminUser('models-arrows');
	await saveExampleKeysViaApi(admin, EXAMPLE_KEYS.secretAccessKey);
	await signInAs(page, admin);
	await openCatalog(page);
	const loads: string[] = [];
	page.on('request', (request) => {
		if (request.url().includes('/models/__data.json')) loads.push(request.url());
	});
	const provider = page.getByLabel('Provider');
	await provider.focus();
	await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
	for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
	const chosen = await provider.inputValue();
	expect(chosen).not.toBe('');
	// Still moving: nothing is applied yet, however long the presses took in real time.
	expect(loads).toHaveLength(0);
	// A person's pause, well under a second: the option stopped at is applied, once.
	await page.clock.runFor(1_000);
	await page.clock.resume();
	await expect.poll(() => params(page).get('provider')).toBe(chosen);
	expect(loads).toHaveLength(1);
	await expect(provider).toBeFocused();
});

test('same-named models say what tells them apart, ids wrap only at separators, and ids and ARNs copy', async ({
	page,
	context
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const admin = await createAdminUser('models-names');
	await saveExampleKeysViaApi(admin, EXAMPLE_KEYS.secretAccessKey);
	await signInAs(page, admin);
	await openCatalog(page, '?q=haiku');
	const haikus = bodyRows(page).filter({ hasText: 'Claude 3 Haiku' });
	await expect(haikus.filter({ hasText: '200k context' })).toHaveCount(1);
	await expect(haikus.filter({ hasText: 'standard context' })).toHaveCount(1);

	await page.goto(`${CATALOG}/${encodeURIComponent(`${HAIKU}:200k`)}`);
	await expect(page.getByText('200,000 tokens')).toBeVisible();
	// The id breaks only after "-", ".", ":" (a <wbr> after each separator, none inside a token).
	const segments = await page
		.getByRole('definition')
		.filter({ has: page.getByRole('button', { name: 'Copy model ID' }) })
		.locator('code')
		.evaluate((code) =>
			code.innerHTML.split('<wbr>').map((part) => part.replace(/<!--[^>]*-->/g, ''))
		);
	expect(segments.slice(0, 3)).toEqual(['anthropic.', 'claude-', '3-']);
	expect(segments.every((part) => part === '' || /^[^.:-]*[.:-]?$/.test(part))).toBe(true);
	await page.getByRole('button', { name: 'Copy model ID' }).click();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${HAIKU}:200k`);
	await page.getByRole('button', { name: 'Copy ARN' }).click();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(
		/^arn:aws:bedrock:us-east-1::foundation-model\/anthropic\.claude-3-haiku-20240307-v1:0:200k$/
	);
	await snap(page, 'model-details-copy');
});

test('model details show the ledger’s price per million tokens (or "unknown", never $0), the token limits, and open the playground with the model chosen', async ({
	page
}) => {
	test.slow(); // five pages and two viewports on a shared, loaded machine
	const admin = await createAdminUser('models-price');
	await saveExampleKeysViaApi(admin, EXAMPLE_KEYS.secretAccessKey);
	await signInAs(page, admin);
	await page.goto(`${CATALOG}/${encodeURIComponent(HAIKU)}`);
	const facts = page.getByRole('region', { name: 'Details' });
	const fact = (term: string) =>
		facts.getByRole('term').filter({ hasText: term }).locator('xpath=following-sibling::dd[1]');
	await expect(fact('Price per million tokens')).toContainText('Input $0.25');
	await expect(fact('Price per million tokens')).toContainText('Output $1.25');
	await expect(fact('Context window')).toContainText('200,000 tokens');
	await expect(fact('Maximum output tokens')).toContainText('4,096 tokens');
	await snap(page, 'model-details-price-1280');
	await page.setViewportSize({ width: 375, height: 812 });
	await expect
		.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
		.toBeLessThanOrEqual(0);
	await snap(page, 'model-details-price-375');
	await page.setViewportSize({ width: 1280, height: 800 });

	await page.getByRole('link', { name: 'Open in playground' }).click();
	await expect(page).toHaveURL(/\/playground\?model=anthropic\.claude-3-haiku/);
	await expect(page.getByLabel('Model', { exact: true })).toHaveValue(HAIKU);

	// AI21 Jamba 1.5 Mini: the price data has no entry, so the price is unknown, not $0.
	await page.goto(`${CATALOG}/${encodeURIComponent('ai21.jamba-1-5-mini-v1:0')}`);
	await expect(fact('Price per million tokens')).toContainText('Unknown');
	await expect(fact('Price per million tokens')).not.toContainText('$');
	// An embedding model has no chat in the playground: no link.
	await page.goto(`${CATALOG}/${encodeURIComponent('amazon.titan-embed-text-v2:0')}`);
	await expect(fact('Price per million tokens')).toContainText('Input $0.02');
	await expect(page.getByRole('link', { name: 'Open in playground' })).toHaveCount(0);
});
