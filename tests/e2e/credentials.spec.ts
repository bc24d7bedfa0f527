import { expect, test, type Request } from '@playwright/test';
import { createAdminUser } from '../helpers/factories';
import { snap } from './helpers/screenshots';
import {
	DASHBOARD,
	EXAMPLE_KEYS,
	fillCredentials,
	notifications,
	saveCredentials,
	savedToast
} from './helpers/credentials';
import { signInAs } from './helpers/sign-in';

test('a fresh admin sees "not configured", saves the example keys and sees the masked key after a reload', async ({
	page
}) => {
	await signInAs(page, await createAdminUser());
	await page.goto(DASHBOARD);
	const health = page.getByRole('region', { name: 'Connection health' });
	await expect(health.getByText('Not configured')).toBeVisible();
	await expect(health.getByText('Using fallback data')).toBeVisible();
	await snap(page, 'overview-not-configured');

	await page
		.getByRole('navigation', { name: 'Dashboard' })
		.getByRole('link', { name: 'Credentials' })
		.click();
	await expect(page.getByRole('heading', { name: 'Credentials', level: 1 })).toBeVisible();
	await fillCredentials(page, EXAMPLE_KEYS);
	await page.getByLabel('Region').click();
	await page.getByRole('option', { name: 'US East (N. Virginia) · us-east-1' }).click();
	await expect(page.getByLabel('Region')).toHaveText(/us-east-1/);
	await snap(page, 'credentials-filled');
	await page.getByRole('button', { name: 'Save credentials' }).click();

	// Saving tests the keys at once and says how that went, next to the form.
	await expect(notifications(page).getByRole('status')).toContainText(
		'Credentials saved; the connection test passed'
	);
	const saveTest = page.getByRole('region', { name: 'Connection test of the saved keys' });
	await expect(saveTest.getByText('Passed')).toBeVisible();
	// The key id stays in the form (only the secret and token are cleared).
	await expect(page.getByLabel('Access key ID')).toHaveValue(EXAMPLE_KEYS.accessKeyId);
	const saved = page.getByRole('region', { name: 'Saved credentials' });
	await expect(saved.getByText(EXAMPLE_KEYS.masked)).toBeVisible();
	await expect(saved.getByText('Long-term (AKIA…)')).toBeVisible();
	// Write-only: the secret is not echoed back into the form.
	await expect(page.getByLabel('Secret access key')).toHaveValue('');
	await snap(page, 'credentials-saved');

	await page.reload();
	await expect(
		page.getByRole('region', { name: 'Saved credentials' }).getByText(EXAMPLE_KEYS.masked)
	).toBeVisible();
	await page.goto(DASHBOARD);
	await expect(
		page.getByRole('region', { name: 'Your credentials' }).getByText(EXAMPLE_KEYS.masked)
	).toBeVisible();
	await expect(
		page.getByRole('region', { name: 'Connection health' }).getByText('Connected')
	).toBeVisible();
	await snap(page, 'overview-configured');
});

test('field errors appear next to each field before any request is sent', async ({ page }) => {
	await signInAs(page, await createAdminUser());
	await page.goto(`${DASHBOARD}/credentials`);
	await expect(page.getByRole('button', { name: 'Save credentials' })).toBeEnabled();
	const apiRequests: Request[] = [];
	page.on('request', (request) => {
		if (new URL(request.url()).pathname.startsWith('/api/trpc')) apiRequests.push(request);
	});

	const keyId = page.getByLabel('Access key ID');
	const secret = page.getByLabel('Secret access key');
	const token = page.getByLabel('Session token');
	await fillCredentials(page, { accessKeyId: 'AKIA123', secretAccessKey: 'too-short' });
	await page.getByRole('button', { name: 'Save credentials' }).click();
	await expect(keyId).toHaveAttribute('aria-invalid', 'true');
	await expect(keyId).toHaveAccessibleDescription(/AKIA or ASIA followed by 16 upper-case letters/);
	await expect(secret).toHaveAttribute('aria-invalid', 'true');
	await expect(secret).toHaveAccessibleDescription(/exactly 40 characters/);
	await snap(page, 'credentials-field-errors');

	// Editing a field clears its message; a temporary key without its token is caught too.
	await fillCredentials(page, {
		accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
		secretAccessKey: EXAMPLE_KEYS.secretAccessKey
	});
	await expect(keyId).not.toHaveAttribute('aria-invalid', 'true');
	await page.getByRole('button', { name: 'Save credentials' }).click();
	await expect(token).toHaveAttribute('aria-invalid', 'true');
	await expect(token).toHaveAccessibleDescription(
		/Temporary \(ASIA…\) access keys need their session token/
	);
	await expect(keyId).not.toHaveAttribute('aria-invalid', 'true');
	await snap(page, 'credentials-asia-without-token');

	expect(apiRequests).toHaveLength(0);
});

test('the region select works from the keyboard and its value is saved', async ({ page }) => {
	// Typeahead forgets what was typed after a second without a key. The page's clock is
	// Playwright's and is paused while typing, so a loaded machine's slow keystrokes cannot
	// split 'Europe (Frankfurt)' into two searches.
	await page.clock.install();
	await signInAs(page, await createAdminUser());
	await page.goto(`${DASHBOARD}/credentials`);
	await fillCredentials(page, EXAMPLE_KEYS);
	const region = page.getByLabel('Region');
	await region.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('listbox')).toBeVisible();
	await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
	await page.keyboard.type('Europe (Frankfurt)');
	await page.keyboard.press('Enter');
	await page.clock.resume();
	await expect(page.getByRole('listbox')).toBeHidden();
	await expect(region).toHaveText(/eu-central-1/);
	await expect(region).toBeFocused();
	await snap(page, 'credentials-region-keyboard');
	await page.getByRole('button', { name: 'Save credentials' }).click();
	await expect(savedToast(page)).toBeVisible();
	await expect(
		page.getByRole('region', { name: 'Saved credentials' }).getByText('eu-central-1')
	).toBeVisible();
});

test('deleting asks first: Escape keeps the credentials, confirming removes them for good', async ({
	page
}) => {
	await signInAs(page, await createAdminUser());
	await saveCredentials(page, EXAMPLE_KEYS, EXAMPLE_KEYS.masked);

	await page.getByRole('button', { name: 'Delete credentials' }).click();
	const dialog = page.getByRole('alertdialog', { name: 'Delete your AWS credentials?' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
	await snap(page, 'credentials-delete-confirm');
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(page.getByRole('button', { name: 'Delete credentials' })).toBeFocused();
	await page.reload();
	await expect(
		page.getByRole('region', { name: 'Saved credentials' }).getByText(EXAMPLE_KEYS.masked)
	).toBeVisible();

	await page.getByRole('button', { name: 'Delete credentials' }).click();
	await dialog.getByRole('button', { name: 'Delete credentials' }).click();
	await expect(dialog).toBeHidden();
	await expect(notifications(page).getByRole('status')).toContainText('Credentials deleted');
	const saved = page.getByRole('region', { name: 'Saved credentials' });
	await expect(saved.getByText('Not configured')).toBeVisible();
	await expect(saved.getByText(EXAMPLE_KEYS.masked)).toBeHidden();
	await snap(page, 'credentials-deleted');

	await page.goto(DASHBOARD);
	const health = page.getByRole('region', { name: 'Connection health' });
	await expect(health.getByText('Not configured')).toBeVisible();
	await expect(health.getByText('Using fallback data')).toBeVisible();
	await expect(
		page.getByRole('region', { name: 'Model catalog' }).getByText('Showing fallback data')
	).toBeVisible();
	await page.reload();
	await expect(health.getByText('Not configured')).toBeVisible();
	await snap(page, 'overview-after-delete');
});

test('overview, credentials and connection pages fit a phone-sized screen', async ({ page }) => {
	await page.setViewportSize({ width: 375, height: 740 });
	await signInAs(page, await createAdminUser());
	await saveCredentials(page, EXAMPLE_KEYS, EXAMPLE_KEYS.masked);
	for (const [path, name] of [
		['', 'overview'],
		['/credentials', 'credentials'],
		['/connection', 'connection']
	] as const) {
		await page.goto(`${DASHBOARD}${path}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
		await snap(page, `${name}-mobile`);
	}
	await page.goto(`${DASHBOARD}/credentials`);
	// With keys saved the page also has the region-only form: open the credentials form's select.
	await page
		.getByRole('combobox', {
			name: 'Region',
			description: /Only regions that offer Amazon Bedrock/
		})
		.click();
	await expect(page.getByRole('option', { name: /eu-central-1/ })).toBeVisible();
	await snap(page, 'credentials-region-open-mobile');
});

test("the server's own field errors land next to the field and in a failure toast", async ({
	page
}) => {
	await signInAs(page, await createAdminUser());
	await page.goto(`${DASHBOARD}/credentials`);
	// Simulates a client whose region list is out of date: the request leaves the browser with a
	// region the server refuses, and the real server answers with its zod field errors.
	await page.route('**/api/trpc/credentials.save**', async (route) => {
		const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, object>;
		const input = { ...body['0'], region: 'mars-north-1' };
		await route.continue({ postData: JSON.stringify({ ...body, 0: input }) });
	});
	await fillCredentials(page, EXAMPLE_KEYS);
	await page.getByRole('button', { name: 'Save credentials' }).click();

	await expect(notifications(page).getByRole('alert')).toContainText(
		'Could not save the credentials'
	);
	const region = page.getByLabel('Region');
	await expect(region).toHaveAttribute('aria-invalid', 'true');
	await expect(region).toHaveAccessibleDescription(
		/Amazon Bedrock is not offered in region "mars-north-1"/
	);
	await expect(
		page.getByRole('region', { name: 'Saved credentials' }).getByText('Not configured')
	).toBeVisible();
	await snap(page, 'credentials-server-field-error');
});

test('a failed submit lists the problems on top, links to each field and focuses the first', async ({
	page
}) => {
	await signInAs(page, await createAdminUser());
	await page.goto(`${DASHBOARD}/credentials`);
	await expect(page.getByRole('button', { name: 'Save credentials' })).toBeEnabled();
	await page.getByRole('button', { name: 'Save credentials' }).click();
	const summary = page.getByRole('form', { name: 'AWS credentials' }).getByRole('alert');
	await expect(summary).toContainText('There are problems with 2 fields');
	await expect(page.getByLabel('Access key ID')).toBeFocused();
	await expect(page.getByLabel('Access key ID')).toHaveAccessibleDescription(/^Required/);
	await snap(page, 'credentials-error-summary');
	await summary.getByRole('link', { name: 'Secret access key: Required' }).click();
	await expect(page.getByLabel('Secret access key')).toBeFocused();

	// A long-term key with a (short) token hears what is really wrong.
	await fillCredentials(page, { ...EXAMPLE_KEYS, sessionToken: 'abc' });
	await page.getByRole('button', { name: 'Save credentials' }).click();
	await expect(page.getByLabel('Session token')).toBeFocused();
	await expect(summary).toContainText(
		'Session token: Session tokens are only for temporary ASIA… keys'
	);
});

test('the region alone changes without the secret, and the audit log shows before and after', async ({
	page
}) => {
	const admin = await createAdminUser();
	await signInAs(page, admin);
	await saveCredentials(page, EXAMPLE_KEYS, EXAMPLE_KEYS.masked);
	const regionOnly = page.getByRole('form', { name: 'Change the region only' });
	await expect(regionOnly.getByRole('button', { name: 'Change region' })).toBeDisabled();
	await regionOnly.getByLabel('Region').click();
	await page.getByRole('option', { name: 'Europe (Ireland) · eu-west-1' }).click();
	await regionOnly.getByRole('button', { name: 'Change region' }).click();
	await expect(notifications(page).getByText(/^Region changed to eu-west-1/)).toBeVisible();
	await expect(
		page.getByRole('region', { name: 'Saved credentials' }).getByText('eu-west-1')
	).toBeVisible();
	await expect(page.getByLabel('Secret access key')).toHaveValue('');
	await snap(page, 'credentials-region-only');

	await page.goto(`${DASHBOARD}/users/audit?user=${admin.id}`);
	await expect(page.getByText('us-east-1 → eu-west-1').first()).toBeVisible();
	await expect(page.getByText('region only').first()).toBeVisible();
});
