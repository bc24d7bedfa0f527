// Provisioned throughput as an admin uses it: create it (the dialog says it bills hourly and asks
// for an acknowledgement), watch it go from Creating to InService without reloading, open it in
// the playground (its ARN is the model id) and get an answer, then delete it after confirming.
//
// The emulator's provisioning delay is raised for this spec only (no other spec provisions), so
// a loaded machine still sees the Creating state before InService; it is restored afterwards.
import { expect, test } from '@playwright/test';
import { randomBytes, randomInt } from 'node:crypto';
import { emulatorControl } from '../../devstack/bedrock-emulator/control-client';
import { createAdminUser, stackEnv } from '../helpers/factories';
import { fillCredentials, savedToast } from './helpers/credentials';
import { snap } from './helpers/screenshots';
import { signInAs } from './helpers/sign-in';
import { apiAs } from './helpers/api';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_48K = `${HAIKU}:48k`;
const emulator = () => emulatorControl(stackEnv().AWS_ENDPOINT_URL_BEDROCK);

/**
 * A fresh emulator "IAM user" in an account of its own: the emulator keeps provisioned
 * throughputs per account, and the integration tests leave some (a committed one cannot be
 * deleted) in the shared test account, so the empty state is only ever empty here.
 */
async function freshKey() {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	const suffix = Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
	const accountId = String(randomInt(100_000_000_000, 999_999_999_999));
	const key = {
		accessKeyId: `AKIA${suffix}`,
		secretAccessKey: randomBytes(30).toString('base64'),
		accountId,
		userArn: `arn:aws:iam::${accountId}:user/e2e-provisioned-${suffix.slice(0, 6).toLowerCase()}`
	};
	await emulator().addKey(key);
	return key;
}

test('an admin creates a provisioned throughput, sees it become InService without reloading, invokes it from the playground and deletes it', async ({
	page
}) => {
	test.slow();
	const before = await emulator().settings();
	await emulator().updateSettings({ provisioningDelayMs: 6_000 });
	try {
		const [admin, key] = await Promise.all([createAdminUser('e2e-provisioned'), freshKey()]);
		await signInAs(page, admin);
		await page.goto('/admin/supabase-bedrock/credentials');
		await fillCredentials(page, key);
		await page.getByRole('button', { name: /^(Save|Replace) credentials$/ }).click();
		await expect(savedToast(page)).toBeVisible();

		await page
			.getByRole('navigation', { name: 'Dashboard' })
			.getByRole('link', { name: 'Provisioned' })
			.click();
		await expect(page).toHaveURL(/\/admin\/supabase-bedrock\/provisioned$/);
		await expect(
			page.getByRole('heading', { name: 'Provisioned throughput', level: 1 })
		).toBeVisible();
		await expect(page.getByText('No provisioned throughput in this Region')).toBeVisible();
		await snap(page, 'provisioned-empty-1280');

		// The dialog says what it costs; Create stays disabled until that is acknowledged.
		await page.getByRole('button', { name: 'Create provisioned throughput' }).click();
		const dialog = page.getByRole('dialog', { name: 'Create provisioned throughput' });
		await expect(dialog).toContainText('billed hourly');
		await expect(dialog).toContainText('commitment cannot be cancelled');
		await expect(dialog).toContainText('start with no model units');
		const name = `e2e-${randomBytes(3).toString('hex')}`;
		await dialog.getByLabel('Name').fill(name);
		await dialog.getByLabel('Model', { exact: true }).selectOption(HAIKU_48K);
		await dialog.getByLabel('Model units').fill('1');
		await dialog.getByLabel('Tags (optional)').fill('team=e2e');
		const create = dialog.getByRole('button', { name: 'Create and start billing' });
		await expect(create).toBeDisabled();
		await dialog.getByLabel(/I understand this bills hourly/).check();
		await snap(page, 'provisioned-create-dialog-1280');
		// A marker on the window proves the page is never reloaded while the status changes.
		await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
		await create.click();

		const row = page.getByRole('listitem', { name });
		await expect(row.locator('[data-status]')).toHaveText('Creating');
		await snap(page, 'provisioned-creating-1280');
		await expect(row.locator('[data-status]')).toHaveText('InService', { timeout: 30_000 });
		expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
		await expect(row).toContainText(HAIKU_48K);
		await snap(page, 'provisioned-in-service-1280');
		await page.setViewportSize({ width: 375, height: 740 });
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
		).toBeLessThanOrEqual(0);
		await snap(page, 'provisioned-in-service-375');
		await page.setViewportSize({ width: 1280, height: 800 });

		// The playground opens with the provisioned ARN as the model id, says how it is billed,
		// and answers through it.
		await row.getByRole('link', { name: `Open ${name} in playground` }).click();
		await expect(page).toHaveURL(/\/admin\/supabase-bedrock\/playground\?model=arn/);
		const model = page.getByLabel('Model', { exact: true });
		await expect(model).toHaveValue(/:provisioned-model\/[a-z0-9]{12}$/);
		const arn = await model.inputValue();
		await expect(page.locator('#pg-call-price')).toContainText('AWS bills it by the hour');
		await page.getByRole('textbox', { name: 'Message' }).fill('Say hello');
		await page.getByRole('button', { name: 'Send' }).click();
		await expect(
			page.getByRole('list', { name: 'Messages' }).getByLabel('Figures for this answer')
		).toBeVisible({ timeout: 20_000 });
		const calls = await emulator().requests({ accessKeyId: key.accessKeyId });
		expect(calls.some((c) => c.modelId === arn && c.status === 200)).toBe(true);
		await snap(page, 'provisioned-playground-1280');

		// Delete, after a confirmation that opens with Cancel focused.
		await page.goto('/admin/supabase-bedrock/provisioned');
		await page
			.getByRole('listitem', { name })
			.getByRole('button', { name: `Delete ${name}` })
			.click();
		const confirm = page.getByRole('alertdialog', { name: `Delete ${name}?` });
		await expect(confirm).toContainText('hourly billing stops');
		await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
		await snap(page, 'provisioned-delete-confirm-1280');
		await confirm.getByRole('button', { name: 'Delete provisioned throughput' }).click();
		await expect(page.getByRole('listitem', { name })).toHaveCount(0);
		await expect(page.getByText('No provisioned throughput in this Region')).toBeVisible();
		const deletes = await emulator().requests({
			accessKeyId: key.accessKeyId,
			operation: 'DeleteProvisionedModelThroughput'
		});
		expect(deletes.map((d) => d.status)).toEqual([200]);
	} finally {
		await emulator().updateSettings({ provisioningDelayMs: before.provisioningDelayMs });
	}
});

test('a model’s details list its application profiles with their tags, and the playground invokes one by its ARN at the model’s price', async ({
	page
}) => {
	test.slow();
	const [admin, key] = await Promise.all([createAdminUser('e2e-app-profile'), freshKey()]);
	const api = await apiAs(admin);
	await api.credentials.save.mutate({ ...key, region: 'us-east-1' });
	const name = `team-${randomBytes(3).toString('hex')}`;
	const profile = await api.profiles.create.mutate({
		name,
		copyFrom: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`,
		tags: [{ key: 'team', value: 'search' }]
	});

	await signInAs(page, admin);
	await page.goto(`/admin/supabase-bedrock/models/${encodeURIComponent(HAIKU)}`);
	await expect(page.getByRole('heading', { name: 'Application inference profiles' })).toBeVisible();
	await expect(page.getByRole('list', { name: `Tags of ${name}` })).toHaveText('team=search');
	await snap(page, 'model-application-profiles-1280');

	await page.getByRole('link', { name: `Open ${name} in playground` }).click();
	const model = page.getByLabel('Model', { exact: true });
	await expect(model).toHaveValue(profile.arn);
	// Priced as the base model: Claude 3 Haiku's $0.25 per million input tokens.
	await expect(page.locator('#pg-call-price')).toContainText('$0.25 per million input tokens');
	await page.getByRole('textbox', { name: 'Message' }).fill('Say hello');
	await page.getByRole('button', { name: 'Send' }).click();
	const figures = page
		.getByRole('list', { name: 'Messages' })
		.getByLabel('Figures for this answer');
	await expect(figures).toBeVisible({ timeout: 20_000 });
	await expect(figures).toContainText(/Cost\s*\$0\.\d+/);
	const calls = await emulator().requests({
		accessKeyId: key.accessKeyId,
		operation: 'ConverseStream'
	});
	expect(calls.map((c) => c.modelId)).toContain(profile.arn);
	await api.profiles.delete.mutate({ arn: profile.arn });
});
