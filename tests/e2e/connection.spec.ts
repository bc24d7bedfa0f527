import { expect, test, type Page } from '@playwright/test';
import { createAdminUser, SEEDED_ADMIN } from '../helpers/factories';
import { snap } from './helpers/screenshots';
import {
	DASHBOARD,
	EXAMPLE_KEYS,
	fillCredentials,
	notifications,
	saveCredentials,
	WRONG_SECRET
} from './helpers/credentials';
import { signInAs } from './helpers/sign-in';

const WRONG_SECRET_HINT = 'The secret access key does not match the access key id';
const INVOCATION_CHECKS = ['Invoke a cheap text model', 'Stream from a cheap text model'];

function check(page: Page, label: string) {
	return page
		.getByRole('list', { name: 'Checks' })
		.getByRole('listitem')
		.filter({ hasText: label });
}

async function runTest(page: Page, options: { includeInvocation: boolean }) {
	await page.goto(`${DASHBOARD}/connection`);
	const box = page.getByRole('checkbox', { name: 'Also invoke a model' });
	await expect(box).toHaveAccessibleDescription(/Costs money.*counted against the monthly budget/);
	await box.setChecked(options.includeInvocation);
	const tested = page.waitForResponse((r) => r.url().includes('/api/trpc/connection.test'));
	await page.getByRole('button', { name: 'Run connection test' }).click();
	await tested;
	await expect(page.getByRole('button', { name: 'Run connection test' })).toBeEnabled();
}

async function expectAllPass(page: Page, options: { includeInvocation: boolean }) {
	const checks = page.getByRole('list', { name: 'Checks' }).getByRole('listitem');
	await expect(checks).toHaveCount(6);
	await expect(
		page.getByRole('region', { name: 'Results' }).getByText('Passed').first()
	).toBeVisible();
	for (const item of await checks.all()) {
		const text = await item.innerText();
		const invocation = INVOCATION_CHECKS.some((label) => text.includes(label));
		if (invocation && !options.includeInvocation) {
			await expect(item).toContainText('Skipped');
			await expect(item).not.toContainText(/\d+ ms/);
		} else {
			await expect(item).toContainText('Passed');
			await expect(item).toContainText(/\d+ ms/);
		}
	}
}

test('the connection test passes every check, and the invocation checks only when asked for', async ({
	page
}) => {
	test.slow(); // sign-in, saving keys, two connection tests, a reload and the overview
	await signInAs(page, await createAdminUser());
	await saveCredentials(page, EXAMPLE_KEYS, EXAMPLE_KEYS.masked);

	await runTest(page, { includeInvocation: false });
	await expect(notifications(page).getByRole('status')).toContainText('Connection test passed');
	await expectAllPass(page, { includeInvocation: false });
	await expect(check(page, 'List foundation models')).toContainText('bedrock:ListFoundationModels');
	await snap(page, 'connection-pass-without-invocation');

	await runTest(page, { includeInvocation: true });
	await expectAllPass(page, { includeInvocation: true });
	for (const label of INVOCATION_CHECKS) await expect(check(page, label)).toContainText('Passed');
	await snap(page, 'connection-pass-with-invocation');

	// The result is stored: a reload shows it, and the overview says "Connected".
	await page.reload();
	await expectAllPass(page, { includeInvocation: true });
	await page.goto(DASHBOARD);
	await expect(
		page.getByRole('region', { name: 'Connection health' }).getByText('Connected')
	).toBeVisible();
	await snap(page, 'overview-connected');
});

test('a wrong secret fails the test with the AWS error name and the fix', async ({ page }) => {
	await signInAs(page, await createAdminUser());
	await saveCredentials(
		page,
		{ accessKeyId: EXAMPLE_KEYS.accessKeyId, secretAccessKey: WRONG_SECRET },
		EXAMPLE_KEYS.masked
	);
	await runTest(page, { includeInvocation: false });
	await expect(
		notifications(page).getByRole('alert').filter({ hasText: 'Connection test found problems' })
	).toBeVisible();
	const identity = check(page, 'AWS identity');
	await expect(identity).toContainText('Failed');
	await expect(identity).toContainText('SignatureDoesNotMatch');
	await expect(identity).toContainText(WRONG_SECRET_HINT);
	await expect(check(page, 'List foundation models')).toContainText('Skipped');
	await snap(page, 'connection-wrong-secret');

	// Bedrock itself answers InvalidSignatureException: the overview's catalog says so.
	await page.goto(DASHBOARD);
	await expect(
		page.getByRole('region', { name: 'Connection health' }).getByText('Failing')
	).toBeVisible();
	const catalog = page.getByRole('region', { name: 'Model catalog' });
	await expect(catalog.getByText('InvalidSignatureException', { exact: true })).toBeVisible();
	await expect(catalog.getByText(WRONG_SECRET_HINT)).toBeVisible();
	await snap(page, 'overview-wrong-secret');
});

test('without credentials the test is disabled, with a link to add keys', async ({ page }) => {
	await signInAs(page, await createAdminUser());
	await page.goto(`${DASHBOARD}/connection`);
	await expect(page.getByText('No credentials saved')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Run connection test' })).toBeDisabled();
	await page.getByRole('link', { name: 'Add credentials to test' }).click();
	await expect(page).toHaveURL(new RegExp(`${DASHBOARD}/credentials$`));
	await snap(page, 'connection-not-configured');
});

test('a wrong secret shows a failing result on save and a red badge on the overview', async ({
	page
}) => {
	await signInAs(page, await createAdminUser());
	await page.goto(`${DASHBOARD}/credentials`);
	await fillCredentials(page, {
		accessKeyId: EXAMPLE_KEYS.accessKeyId,
		secretAccessKey: WRONG_SECRET
	});
	await page.getByRole('button', { name: 'Save credentials' }).click();
	await expect(notifications(page).getByRole('alert')).toContainText(
		'Credentials saved, but AWS does not accept the keys'
	);
	const saveTest = page.getByRole('region', { name: 'Connection test of the saved keys' });
	await expect(saveTest.getByText('Failed').first()).toBeVisible();
	await expect(saveTest).toContainText(WRONG_SECRET_HINT);
	await snap(page, 'credentials-wrong-secret-on-save');
	await page.goto(DASHBOARD);
	const health = page.getByRole('region', { name: 'Connection health' });
	await expect(health.locator('[data-status="failing"]')).toBeVisible();
	await expect(health.getByText('Not tested yet')).toHaveCount(0);
});

test('deleting the keys marks the earlier results stale and disables the test', async ({
	page
}) => {
	await signInAs(page, await createAdminUser());
	await saveCredentials(page, EXAMPLE_KEYS, EXAMPLE_KEYS.masked);
	await page.getByRole('button', { name: 'Delete credentials' }).click();
	await page
		.getByRole('alertdialog', { name: 'Delete your AWS credentials?' })
		.getByRole('button', { name: 'Delete credentials' })
		.click();
	await expect(notifications(page).getByText('Credentials deleted')).toBeVisible();
	await page.goto(`${DASHBOARD}/connection`);
	const earlier = page.getByRole('region', { name: 'Earlier results' });
	await expect(earlier.getByText('Stale: for keys that were replaced or deleted.')).toBeVisible();
	await expect(earlier.getByText('Stale', { exact: true })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Results', exact: true })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Run connection test' })).toBeDisabled();
	await expect(page.getByRole('link', { name: 'Add credentials to test' })).toBeVisible();
	await snap(page, 'connection-stale-after-delete');
});

// The story for the one seeded admin account, in order. Serial, and it ends by
// deleting the credentials, so the seeded admin is left as it was found.
test.describe('the seeded admin', () => {
	test.describe.configure({ mode: 'serial' });

	// One story in three steps (serial: each starts where the last ended), so each step has
	// its own time budget: saving now also runs the connection test, which made one test long.
	test('signs in, saves the example keys and passes the connection test', async ({ page }) => {
		await signInAs(page, SEEDED_ADMIN);
		await expect(page).toHaveURL(new RegExp(`${DASHBOARD}$`));
		await expect(page.getByText(`Signed in as ${SEEDED_ADMIN.email} (admin)`)).toBeVisible();

		await saveCredentials(page, EXAMPLE_KEYS, EXAMPLE_KEYS.masked);
		await runTest(page, { includeInvocation: true });
		await expectAllPass(page, { includeInvocation: true });
		await snap(page, 'seeded-admin-connection-pass');
	});

	test('trips on a wrong secret, with the fix', async ({ page }) => {
		await signInAs(page, SEEDED_ADMIN);
		await saveCredentials(
			page,
			{ accessKeyId: EXAMPLE_KEYS.accessKeyId, secretAccessKey: WRONG_SECRET },
			EXAMPLE_KEYS.masked
		);
		await runTest(page, { includeInvocation: false });
		await expect(check(page, 'AWS identity')).toContainText(WRONG_SECRET_HINT);
		await snap(page, 'seeded-admin-wrong-secret');
	});

	test('deletes the credentials, and the overview falls back', async ({ page }) => {
		await signInAs(page, SEEDED_ADMIN);
		await page.goto(`${DASHBOARD}/credentials`);
		await page.getByRole('button', { name: 'Delete credentials' }).click();
		await page.getByRole('alertdialog').getByRole('button', { name: 'Delete credentials' }).click();
		await expect(notifications(page).getByRole('status')).toContainText('Credentials deleted');
		await page.goto(DASHBOARD);
		await page.reload();
		await expect(
			page.getByRole('region', { name: 'Connection health' }).getByText('Not configured')
		).toBeVisible();
		await expect(
			page.getByRole('region', { name: 'Model catalog' }).getByText('Showing fallback data')
		).toBeVisible();
		await snap(page, 'seeded-admin-after-delete');
	});
});
