import { expect, test } from '@playwright/test';
import { createAdminUser } from '../helpers/factories';
import { DASHBOARD, saveCredentials } from './helpers/credentials';
import { signInAs } from './helpers/sign-in';

// Recognisable values in valid formats: a temporary key with its session token.
const CANARY = {
	accessKeyId: 'ASIAE2ECANARYKEY0001',
	secretAccessKey: 'CanarySecretE2E/DoNotLeak+0123456789abcd',
	sessionToken: 'FwoGZXIvYXdzCanarySessionTokenE2E/DoNotLeak+abcdefghijklmnop=='
};
const SECRETS = [CANARY.secretAccessKey, CANARY.sessionToken];
const PAGES = ['', '/credentials', '/connection'];

function expectNoSecret(text: string, where: string) {
	for (const secret of SECRETS) {
		expect(text.includes(secret), `${where} contains a secret`).toBe(false);
		// Also the URL-encoded and JSON-escaped spellings (the secrets contain "/" and "+").
		expect(text.includes(encodeURIComponent(secret)), `${where} contains an encoded secret`).toBe(
			false
		);
		expect(
			text.includes(secret.replaceAll('/', '\\/')),
			`${where} contains an escaped secret`
		).toBe(false);
	}
}

test('the secret and session token never reach a page, its hydration data, an API response or the console', async ({
	page
}) => {
	expect(CANARY.secretAccessKey).toHaveLength(40);
	const consoleLines: string[] = [];
	page.on('console', (message) => consoleLines.push(message.text()));
	const apiBodies: Promise<string>[] = [];
	let unreadable = 0;
	page.on('response', (response) => {
		if (!new URL(response.url()).pathname.startsWith('/api/trpc')) return;
		// A response still arriving when the page navigates away can no longer be read through
		// the browser (Chromium drops its body); count those, and fail on any other error.
		apiBodies.push(
			response.text().catch((error: unknown) => {
				if (!/navigated away|No resource with given identifier/.test(String(error))) throw error;
				unreadable++;
				return '';
			})
		);
	});

	await signInAs(page, await createAdminUser());
	await saveCredentials(page, CANARY, 'ASIA…0001');
	await expect(page.getByText('Temporary (ASIA…), with session token')).toBeVisible();
	await expect(page.getByLabel('Secret access key')).toHaveValue('');
	await expect(page.getByLabel('Session token')).toHaveValue('');

	// A connection test with keys AWS does not know: error messages must not quote them either.
	await page.goto(`${DASHBOARD}/connection`);
	await page.getByRole('button', { name: 'Run connection test' }).click();
	await expect(page.getByRole('list', { name: 'Checks' }).getByText('Failed')).toBeVisible();

	for (const path of PAGES) {
		await page.goto(`${DASHBOARD}${path}`);
		expectNoSecret(await page.content(), `DOM of ${path || '/'}`);
		const html = await page.request.get(`${DASHBOARD}${path}`);
		expect(html.ok()).toBe(true);
		const source = await html.text();
		expect(source).toContain('ASIA…0001');
		expectNoSecret(source, `HTML of ${path || '/'}`);
		const data = await page.request.get(`${DASHBOARD}${path}/__data.json`);
		expect(data.ok()).toBe(true);
		const payload = await data.text();
		expect(payload).toContain('ASIA…0001');
		expectNoSecret(payload, `__data.json of ${path || '/'}`);
	}

	const bodies = await Promise.all(apiBodies);
	expect(bodies.length - unreadable).toBeGreaterThan(0);
	for (const body of bodies) expectNoSecret(body, 'an /api/trpc response');
	expectNoSecret(consoleLines.join('\n'), 'the browser console');
});
