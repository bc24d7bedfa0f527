// A user switches credential kinds on their credentials page: copies the trust policy (with
// this deployment's account and their own external ID), sets up the role with it, saves the
// role and passes the connection test; then sees what a pasted short-term API key says about
// its expiry. Checked with axe at 1280 px and for sideways scrolling at 375 px.
import AxeBuilder from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { getToken } from '@aws/bedrock-token-generator';
import { emulatorControl } from '../../devstack/bedrock-emulator/control-client';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';
import { createUser, stackEnv } from '../helpers/factories';
import { TEST_DEPLOYMENT_KEY } from '../helpers/test-stack';
import { notifications } from './helpers/credentials';
import { snap } from './helpers/screenshots';
import { signInAs } from './helpers/sign-in';

test('a user picks "Role to assume", copies the trust policy, saves the role and passes the connection test', async ({
	page,
	context
}) => {
	test.slow();
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await signInAs(page, await createUser('role-user'));
	await page.goto('/bedrock/credentials');
	const kinds = page.getByRole('group', { name: 'Kind of credentials' });
	await expect(kinds.getByLabel(/Access key/)).toBeChecked();
	await kinds.getByLabel(/Role to assume/).check();
	await expect(page.getByLabel('Access key ID')).toHaveCount(0);
	await expect(
		page.getByRole('group', { name: 'Who assumes the role' }).getByLabel(/This service/)
	).toBeChecked();

	const policyBlock = page.getByRole('region', { name: 'Trust policy (JSON)' });
	await expect(policyBlock).toContainText('sts:ExternalId');
	const shown = JSON.parse((await policyBlock.textContent()) ?? '');
	const statement = shown.Statement[0];
	expect(statement.Principal).toEqual({
		AWS: `arn:aws:iam::${TEST_DEPLOYMENT_KEY.accountId}:root`
	});
	const externalId: string = statement.Condition.StringEquals['sts:ExternalId'];
	expect(externalId).toMatch(/^ba-/);
	await page
		.getByRole('region', { name: 'Trust policy', exact: true })
		.getByRole('button', { name: 'Copy' })
		.click();
	const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
	expect(copied).toEqual(shown);

	// The customer's side: a role in their account that trusts the copied principal and ID.
	const roleArn = `arn:aws:iam::210987654321:role/E2E-${randomBytes(4).toString('hex')}`;
	const control = emulatorControl(stackEnv().AWS_ENDPOINT_URL_BEDROCK);
	const existing = await control.roles();
	await control.setRoles([
		...existing.map((r) => ({ roleArn: r.roleArn, trustedPrincipals: r.trustedPrincipals })),
		{ roleArn, trustedPrincipals: [copied.Statement[0].Principal.AWS], externalId }
	]);

	await page.setViewportSize({ width: 1280, height: 900 });
	const { violations } = await new AxeBuilder({ page }).analyze();
	expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
	await snap(page, 'credentials-role-1280');

	await page.getByLabel('Role ARN').fill(roleArn);
	await page.getByRole('button', { name: 'Save credentials' }).click();
	await expect(notifications(page).getByRole('status').first()).toContainText(
		'Credentials saved; the connection test passed'
	);
	const saved = page.getByRole('region', { name: 'Saved credentials' });
	await expect(saved.getByText(roleArn)).toBeVisible();
	await expect(saved.getByText(`${externalId.slice(0, 4)}…${externalId.slice(-4)}`)).toBeVisible();
	await expect(saved.getByText('This service')).toBeVisible();
	await snap(page, 'credentials-role-saved');

	await page.reload();
	await expect(
		page.getByRole('region', { name: 'Saved credentials' }).getByText(roleArn)
	).toBeVisible();
	await expect(page.getByLabel('Role ARN')).toHaveValue(roleArn);

	await page.setViewportSize({ width: 375, height: 740 });
	await expect.poll(() => page.evaluate(() => document.documentElement.clientWidth)).toBe(375);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
	await snap(page, 'credentials-role-375');
});

test('a pasted short-term API key shows its expiry and warns within the last hour', async ({
	page
}) => {
	await signInAs(page, await createUser('api-key-user'));
	await page.goto('/bedrock/credentials');
	await page
		.getByRole('group', { name: 'Kind of credentials' })
		.getByLabel(/Bedrock API key/)
		.check();
	const apiKey = await getToken({
		credentials: EXAMPLE_KEY_PAIR,
		region: 'us-east-1',
		expiresInSeconds: 1800
	});
	await page.getByLabel('API key', { exact: true }).fill(apiKey);
	await expect(page.getByText(/Short-term key · expires/)).toBeVisible();
	await expect(page.getByText('This API key expires within the hour')).toBeVisible();
	await snap(page, 'credentials-api-key-expiring');
	await page.getByRole('button', { name: 'Save credentials' }).click();
	await expect(notifications(page).getByRole('status').first()).toContainText(
		'Credentials saved; the connection test passed'
	);
	const saved = page.getByRole('region', { name: 'Saved credentials' });
	await expect(saved.getByText(`…${apiKey.slice(-4)}`)).toBeVisible();
	await expect(saved.getByText('This API key expires within the hour')).toBeVisible();
	// Write-only: the key is not echoed back into the form or the page.
	await expect(page.getByLabel('API key', { exact: true })).toHaveValue('');
	expect(await page.content()).not.toContain(apiKey.slice(16, 60));
	await snap(page, 'credentials-api-key-saved');
});
