// Browser steps for the credentials page, shared by the credentials, connection and secrets
// specs: fill the form through its labels and wait for the success toast.
import { expect, type Page } from '@playwright/test';
import { EXAMPLE_KEY_PAIR } from '../../../devstack/bedrock-emulator/keys';

export const EXAMPLE_KEYS = { ...EXAMPLE_KEY_PAIR, masked: 'AKIA…MPLE' };

/** Valid format (40 characters) but not the emulator's secret for the example key id. */
export const WRONG_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY00';

export const DASHBOARD = '/admin/supabase-bedrock';

export function notifications(page: Page) {
	return page.getByRole('region', { name: 'Notifications' });
}

export async function fillCredentials(
	page: Page,
	keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
): Promise<void> {
	await page.getByLabel('Access key ID').fill(keys.accessKeyId);
	await page.getByLabel('Secret access key').fill(keys.secretAccessKey);
	await page.getByLabel('Session token').fill(keys.sessionToken ?? '');
}

/**
 * The toast after a save: "Credentials saved; the connection test passed" (status) or
 * "Credentials saved, but …" (alert), since saving tests the keys at once.
 */
export function savedToast(page: Page) {
	return notifications(page)
		.getByText(/^Credentials saved/)
		.last();
}

/** Opens the credentials page, saves the keys, and waits for the toast and the masked key. */
export async function saveCredentials(
	page: Page,
	keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
	masked: string
): Promise<void> {
	await page.goto(`${DASHBOARD}/credentials`);
	await fillCredentials(page, keys);
	await page.getByRole('button', { name: /^(Save|Replace) credentials$/ }).click();
	await expect(savedToast(page)).toBeVisible();
	await expect(
		page.getByRole('region', { name: 'Saved credentials' }).getByText(masked)
	).toBeVisible();
}
