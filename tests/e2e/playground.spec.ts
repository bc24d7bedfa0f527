// The playground as every signed-in user has it (/bedrock/playground) and as admins have it
// (/admin/supabase-bedrock/playground): the same page. A user is told what a call costs before
// sending, sees a reply stream in (text before the answer ends), then its tokens and cost from
// the ledger; Stop closes the AWS call; an AWS error stays in the conversation; a reload keeps
// it; the recent calls come from the ledger; the phone layout holds; New chat clears it.
//
// Each test uses its own emulator key, and every fault rule matches only that key: nothing here
// slows or breaks another spec's calls (no global emulator settings are changed).
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { emulatorControl } from '../../devstack/bedrock-emulator/control-client';
import { createAdminUser, createUser, stackEnv } from '../helpers/factories';
import { fillCredentials, savedToast } from './helpers/credentials';
import { snap } from './helpers/screenshots';
import { signInAs } from './helpers/sign-in';

const TITAN = 'amazon.titan-text-express-v1'; // $0.20 in / $0.60 out per million
const UNPRICED = 'ai21.jamba-1-5-mini-v1:0'; // not in the price data
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

const emulator = () => emulatorControl(stackEnv().AWS_ENDPOINT_URL_BEDROCK);

/** A fresh emulator "IAM user", so fault rules can target this test's calls alone. */
async function freshKey() {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	const suffix = Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
	const key = {
		accessKeyId: `AKIA${suffix}`,
		secretAccessKey: randomBytes(30).toString('base64'),
		accountId: '210987654321',
		userArn: `arn:aws:iam::210987654321:user/e2e-playground-${suffix.slice(0, 6).toLowerCase()}`
	};
	await emulator().addKey(key);
	return key;
}

const answers = (page: Page) =>
	page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'Model' });
const answerText = (page: Page, index: number) =>
	answers(page).nth(index).locator('p.whitespace-pre-wrap');
const overflow = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function ask(page: Page, modelId: string, text: string) {
	await page.getByLabel('Model', { exact: true }).selectOption(modelId);
	await page.getByRole('textbox', { name: 'Message' }).fill(text);
	await page.getByRole('button', { name: 'Send' }).click();
}

test('a user streams a reply in /bedrock/playground after being told the price, sees tokens and cost, stops, errors, reloads, and clears', async ({
	page
}) => {
	test.slow();
	const [user, key] = await Promise.all([createUser('e2e-playground'), freshKey()]);
	await signInAs(page, user);
	await expect(page).toHaveURL(/\/bedrock$/);

	// Reached from the area's navigation; without keys it says what to do first.
	await page
		.getByRole('navigation', { name: 'Dashboard' })
		.getByRole('link', { name: 'Playground' })
		.click();
	await expect(page).toHaveURL(/\/bedrock\/playground$/);
	await expect(page.getByText('Nothing to invoke yet')).toBeVisible();
	await page.getByRole('link', { name: 'Save working AWS credentials' }).click();
	await expect(page).toHaveURL(/\/bedrock\/credentials$/);
	await fillCredentials(page, key);
	await page.getByRole('button', { name: /^(Save|Replace) credentials$/ }).click();
	await expect(savedToast(page)).toBeVisible();

	await page.goto('/bedrock/playground');
	await expect(page.getByRole('heading', { name: 'Playground', level: 1 })).toBeVisible();

	// 1. Before a call: it costs money, at the ledger's price; "price unknown" where there is none.
	const price = page.locator('#pg-call-price');
	await page.getByLabel('Model', { exact: true }).selectOption(UNPRICED);
	await expect(price).toContainText('Sending costs money.');
	await expect(price).toContainText('Price unknown');
	await expect(price).not.toContainText('$');
	await page.getByLabel('Model', { exact: true }).selectOption(TITAN);
	await expect(price).toContainText(
		'$0.20 per million input tokens and $0.60 per million output tokens'
	);
	await expect(page.getByRole('button', { name: 'Send' })).toHaveAccessibleDescription(
		/Sending costs money/
	);

	// 2. Streamed text is visible while the answer is still coming (the stream pauses after its
	// first events), then the figures: tokens and cost.
	await emulator().addFault({
		kind: 'streamStall',
		count: 1,
		afterEvents: 2,
		latencyMs: 4000,
		match: { accessKeyId: key.accessKeyId, operation: 'ConverseStream' }
	});
	await ask(page, TITAN, 'Say hello');
	const figures = answers(page).first().getByLabel('Figures for this answer');
	await expect(answerText(page, 0)).not.toBeEmpty();
	expect(await figures.count()).toBe(0); // text is there, the answer has not ended
	await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
	await expect(figures).toBeVisible({ timeout: 20_000 });
	await expect(figures).toContainText(/In\s*\d+/);
	await expect(figures).toContainText(/Out\s*\d+/);
	await expect(figures).toContainText(/Cost\s*\$0\.\d+/);
	await snap(page, 'playground-self-answer-1280');

	// 3. Stop ends the stream and the AWS call (the emulator sees the request closed early).
	await emulator().addFault({
		kind: 'streamStall',
		count: 1,
		afterEvents: 2,
		latencyMs: 15_000,
		match: { accessKeyId: key.accessKeyId, operation: 'ConverseStream' }
	});
	const seq = await emulator().lastSeq();
	await ask(page, TITAN, 'Tell me more');
	await expect(answerText(page, 1)).not.toBeEmpty();
	await page.getByRole('button', { name: 'Stop' }).click();
	await expect(answers(page).nth(1)).toContainText('Stopped.');
	const closed = await emulator().waitForRequest(
		(r) => r.seq > seq && r.operation === 'ConverseStream' && r.accessKeyId === key.accessKeyId,
		10_000
	);
	expect(closed.closedEarly).toBe(true);

	// 4. An AWS error stays in the conversation, with its name and hint. (The SDK retries a
	// throttled call, so every try is throttled; the rule matches only this test's key.)
	await emulator().addFault({
		kind: 'throttling',
		count: 10,
		match: { accessKeyId: key.accessKeyId, operation: 'ConverseStream' }
	});
	await ask(page, TITAN, 'Are you busy?');
	await expect(page.getByRole('alert').filter({ hasText: 'ThrottlingException' })).toBeVisible({
		timeout: 20_000
	});
	await expect(answers(page)).toHaveCount(3);

	// 5. A reload keeps the conversation; the ledger lists the calls.
	await page.reload();
	await expect(answers(page)).toHaveCount(3);
	await expect(answers(page).first().getByLabel('Figures for this answer')).toBeVisible();
	await page.getByText('Recent calls (last 20)').click();
	const recent = page.getByRole('table', { name: 'Your last 20 Bedrock calls' });
	await expect(recent.getByRole('row').filter({ hasText: 'ThrottlingException' })).toBeVisible();
	await expect(recent.getByRole('row').filter({ hasText: 'aborted' })).toBeVisible();
	await expect(recent.getByRole('row').filter({ hasText: /ok.*\$0\.\d+/ })).toBeVisible();

	// 6. The phone layout: nothing wider than the screen.
	await page.setViewportSize({ width: 375, height: 812 });
	await expect.poll(() => overflow(page)).toBeLessThanOrEqual(0);
	await snap(page, 'playground-self-375');

	// 7. New chat clears it, also after a reload.
	await page.getByRole('button', { name: 'New chat' }).click();
	await expect(page.getByText('No messages yet.')).toBeVisible();
	await page.reload();
	await expect(page.getByText('No messages yet.')).toBeVisible();
});

test('the admin playground is the same page: price before, a whole (not streamed) answer with its figures after', async ({
	page
}) => {
	test.slow();
	const [admin, key] = await Promise.all([createAdminUser('e2e-playground-admin'), freshKey()]);
	await signInAs(page, admin);
	await page.goto('/admin/supabase-bedrock/credentials');
	await fillCredentials(page, key);
	await page.getByRole('button', { name: /^(Save|Replace) credentials$/ }).click();
	await expect(savedToast(page)).toBeVisible();

	await page.goto(`/admin/supabase-bedrock/playground?model=${encodeURIComponent(TITAN)}`);
	await expect(page.getByLabel('Model', { exact: true })).toHaveValue(TITAN);
	await expect(page.locator('#pg-call-price')).toContainText('$0.20 per million input tokens');
	await page.getByLabel('Stream the answer').uncheck();
	await page.getByRole('textbox', { name: 'Message' }).fill('Say hello');
	await page.getByRole('button', { name: 'Send' }).click();
	const figures = answers(page).first().getByLabel('Figures for this answer');
	await expect(figures).toBeVisible({ timeout: 20_000 });
	await expect(answerText(page, 0)).not.toBeEmpty();
	await expect(figures).toContainText(/Cost\s*\$0\.\d+/);
	const calls = await emulator().requests({ accessKeyId: key.accessKeyId });
	expect(calls.map((c) => c.operation)).toContain('Converse');
	await snap(page, 'playground-admin-1280');

	// Copy as code: the request for the typed client and for the AWS SDK (not streamed here).
	await page.getByText('Copy as code').click();
	const typed = page.getByRole('region', { name: 'Typed client (this app’s API)' });
	await expect(typed).toContainText('api.invoke.converse.mutate(');
	await expect(typed).toContainText(`"modelId": "${TITAN}"`);
	await expect(page.getByRole('region', { name: 'AWS SDK for JavaScript v3' })).toContainText(
		'new ConverseCommand(request)'
	);
});

test('the playground compares two models streaming at once, and invokes a native body', async ({
	page
}) => {
	test.slow();
	const [admin, key] = await Promise.all([createAdminUser('e2e-playground-compare'), freshKey()]);
	await signInAs(page, admin);
	await page.goto('/admin/supabase-bedrock/credentials');
	await fillCredentials(page, key);
	await page.getByRole('button', { name: /^(Save|Replace) credentials$/ }).click();
	await expect(savedToast(page)).toBeVisible();
	await page.goto('/admin/supabase-bedrock/playground');

	// Tabs by keyboard: from Chat, the right arrow selects Compare.
	await page.getByRole('tab', { name: 'Chat' }).focus();
	await page.keyboard.press('ArrowRight');
	await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByRole('tabpanel', { name: 'Compare' })).toBeVisible();

	// Both streams pause after their first events: both columns show text while both are
	// still running, so the two calls really stream side by side.
	await emulator().addFault({
		kind: 'streamStall',
		count: 2,
		afterEvents: 2,
		latencyMs: 8000,
		match: { accessKeyId: key.accessKeyId, operation: 'ConverseStream' }
	});
	await page.getByLabel('Model A').selectOption(TITAN);
	await page.getByLabel('Model B').selectOption(HAIKU);
	await expect(page.locator('#pgc-call-price')).toContainText('Running sends 2 calls');
	await page.getByLabel('Prompt', { exact: true }).fill('Say hello');
	await page.getByRole('button', { name: 'Run on 2 models' }).click();
	const columns = page.getByRole('region', { name: 'Compared answers' }).getByRole('article');
	await expect(columns).toHaveCount(2);
	for (const column of await columns.all()) {
		await expect(column.locator('p.whitespace-pre-wrap')).not.toBeEmpty();
	}
	await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(2);
	for (const column of await columns.all()) {
		await expect(column.getByLabel('Figures for this answer')).toBeVisible({ timeout: 20_000 });
	}
	const streams = await emulator().requests({ accessKeyId: key.accessKeyId });
	expect(streams.filter((r) => r.operation === 'ConverseStream').map((r) => r.modelId)).toEqual(
		expect.arrayContaining([TITAN, HAIKU])
	);
	await snap(page, 'playground-compare-1280');

	// Native: the model's template, invoked; the parsed text and the raw JSON.
	await page.getByRole('tab', { name: 'Native' }).click();
	await page.getByLabel('Native model').selectOption(TITAN);
	const body = page.getByLabel('Request body (JSON)');
	await expect(body).toHaveValue(/"inputText"/);
	await body.fill('{ not json');
	await page.getByRole('button', { name: 'Invoke' }).click();
	await expect(page.locator('#pgn-body-error')).toContainText('Not valid JSON');
	await expect(body).toHaveAttribute('aria-invalid', 'true');
	await page.getByRole('button', { name: 'Reset to template' }).click();
	await page.getByRole('button', { name: 'Invoke' }).click();
	await expect(page.getByTestId('native-text')).not.toBeEmpty({ timeout: 20_000 });
	await expect(page.getByLabel('Raw response')).toContainText('outputText');
	const invoked = await emulator().requests({ accessKeyId: key.accessKeyId });
	expect(invoked.map((r) => r.operation)).toContain('InvokeModel');
	await snap(page, 'playground-native-1280');
});
