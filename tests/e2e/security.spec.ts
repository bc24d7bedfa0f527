/**
 * In a real browser: the pages keep working under the Content-Security-Policy (no violation
 * reported), and a page on another site cannot run a model call with the visitor's session,
 * neither by a link (top-level navigation carries the SameSite=Lax cookie) nor by a script.
 * The emulator's request log proves that no "AWS" request happened.
 */
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { emulatorControl } from '../../devstack/bedrock-emulator/control-client';
import { createAdminUser, stackEnv } from '../helpers/factories';
import { DASHBOARD, saveCredentials } from './helpers/credentials';
import { signInAs } from './helpers/sign-in';

const ATTACKER = 'http://attacker.test';
const converse = {
	modelId: 'amazon.titan-text-lite-v1',
	messages: [{ role: 'user', content: 'Say hello' }],
	inferenceConfig: { maxTokens: 20 }
};
const streamPath = `/api/trpc/invoke.converseStream?input=${encodeURIComponent(JSON.stringify(converse))}`;

function emulator() {
	return emulatorControl(stackEnv().AWS_ENDPOINT_URL_BEDROCK);
}

/** A fresh emulator key pair, so this spec's requests can be told apart in the log. */
async function newKey() {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	const suffix = Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
	const key = {
		accessKeyId: `AKIA${suffix}`,
		secretAccessKey: randomBytes(30).toString('base64'),
		accountId: '210987654321',
		userArn: `arn:aws:iam::210987654321:user/e2e-${suffix.slice(0, 6).toLowerCase()}`
	};
	await emulator().addKey(key);
	return { ...key, masked: `AKIA…${suffix.slice(-4)}` };
}

/** Collects CSP violations the page reports, from the DOM event and from the console. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
	const fromConsole: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) fromConsole.push(message.text());
	});
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (event) =>
			seen.push(`${event.violatedDirective} ${event.blockedURI}`)
		);
	});
	return async () => [
		...fromConsole,
		...(await page
			.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
			.catch(() => []))
	];
}

test('the dashboard works under the Content-Security-Policy, with nothing blocked', async ({
	page
}) => {
	test.slow(); // sign-in, a form, a connection test and a stream: long on a loaded machine
	const violations = await watchCsp(page);
	const key = await newKey();
	await signInAs(page, await createAdminUser('e2e-csp'));
	const response = await page.goto(DASHBOARD);
	expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();

	// A browser-side tRPC mutation (the form), then a server-rendered page, then a connection test.
	await saveCredentials(page, key, key.masked);
	expect(await violations()).toEqual([]);
	await page.goto(`${DASHBOARD}/models`);
	await expect(page.getByRole('table').first()).toBeVisible();
	expect(await violations()).toEqual([]);
	await page.goto(`${DASHBOARD}/connection`);
	await page.getByRole('button', { name: 'Run connection test' }).click();
	await expect(
		page.getByRole('region', { name: 'Results' }).getByText('Passed').first()
	).toBeVisible();
	expect(await violations()).toEqual([]);
	await page.goto(`${DASHBOARD}/users`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	expect(await violations()).toEqual([]);

	// The app's own page may stream with the session (same origin): EventSource under the CSP.
	const events = await page.evaluate(
		(path) =>
			new Promise<string[]>((resolve) => {
				const seen: string[] = [];
				const source = new EventSource(path);
				source.onmessage = (event) => {
					seen.push(event.data as string);
					if (String(event.data).includes('"type":"stop"')) {
						source.close();
						resolve(seen);
					}
				};
				source.onerror = () => {
					source.close();
					resolve(seen);
				};
			}),
		streamPath
	);
	expect(events.join('\n')).toContain('"type":"delta"');
	expect(await violations()).toEqual([]);
});

test('a page on another site cannot start a stream with the visitor’s session', async ({
	page,
	baseURL
}) => {
	test.slow(); // sign-in and saving keys first
	const key = await newKey();
	await signInAs(page, await createAdminUser('e2e-cross-site'));
	await saveCredentials(page, key, key.masked);
	const appStream = new URL(streamPath, baseURL).toString();
	const loginBounce = new URL(
		`/login?redirectTo=${encodeURIComponent(streamPath)}`,
		baseURL
	).toString();

	// The attacker's page: a script that tries the stream, and links to it and to a sign-in bounce.
	await page.route(`${ATTACKER}/**`, (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: `<!doctype html><title>Free prizes</title>
				<a id="direct" href="${appStream}">Claim</a>
				<a id="bounce" href="${loginBounce}">Claim after sign-in</a>
				<script>
					window.tried = Promise.allSettled([
						fetch(${JSON.stringify(appStream)}, { credentials: 'include', mode: 'no-cors' }),
						new Promise((done) => {
							const source = new EventSource(${JSON.stringify(appStream)}, { withCredentials: true });
							source.onerror = () => { source.close(); done(); };
							source.onmessage = () => { source.close(); done(); };
						})
					]);
				</script>`
		})
	);
	const seq = await emulator().lastSeq();

	await page.goto(`${ATTACKER}/`);
	await page.evaluate(() => (window as unknown as { tried: Promise<unknown> }).tried);
	expect(await emulator().requests({ accessKeyId: key.accessKeyId, sinceSeq: seq })).toEqual([]);

	const refused = page.waitForResponse((r) => r.url() === appStream);
	await page.locator('#direct').click();
	const response = await refused;
	expect(response.status()).toBe(403);
	await expect(page.locator('body')).toContainText('does not answer browser navigations');

	await page.goto(`${ATTACKER}/`);
	await page.locator('#bounce').click();
	await expect(page).toHaveURL(new RegExp(`${DASHBOARD}$`));

	// No model call reached "AWS" with this user's key by any of the routes above (the dashboard
	// the bounce lands on lists models, which is not a model call).
	const calls = await emulator().requests({ accessKeyId: key.accessKeyId, sinceSeq: seq });
	expect(calls.map((call) => call.operation).filter((op) => /Converse|Invoke/.test(op))).toEqual(
		[]
	);
});
