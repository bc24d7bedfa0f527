// The playground as an admin uses it: a streamed answer that shows before it ends, its figures,
// Stop that closes the AWS call, an AWS error kept in the conversation, a reload that keeps the
// conversation, New chat, the recent calls from the ledger, and the phone layout.
import { expect, test, type Page } from '@playwright/test';
import { emulatorControl } from '../../devstack/bedrock-emulator/control-client';
import { snap } from './helpers';
import { EXAMPLE_KEYS, saveCredentials } from './helpers/credentials';
import { createAdminUser, signInAs, stackEnv } from './helpers/users';

const PLAYGROUND = '/admin/supabase-bedrock/playground';
const TITAN = 'amazon.titan-text-express-v1';
// Only this spec invokes it, so its fault rule cannot hit another spec's call.
const MISTRAL = 'mistral.mistral-7b-instruct-v0:2';

const emulator = () => emulatorControl(stackEnv().AWS_ENDPOINT_URL_BEDROCK);
const answers = (page: Page) =>
	page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'Model' });

async function ask(page: Page, modelId: string, text: string) {
	await page.getByLabel('Model', { exact: true }).selectOption(modelId);
	await page.getByRole('textbox', { name: 'Message' }).fill(text);
	await page.getByRole('button', { name: 'Send' }).click();
}

test('chat: streaming, figures, Stop, errors, reload, New chat, recent calls, phone', async ({
	page
}) => {
	test.slow();
	const admin = await createAdminUser('e2e-playground');
	await signInAs(page, admin);
	await saveCredentials(page, EXAMPLE_KEYS, EXAMPLE_KEYS.masked);
	const initial = await emulator().settings();
	// Slow chunks so a person (and this test) can see the text grow before the answer ends.
	await emulator().updateSettings({ streamChunkDelayMs: 300 });
	try {
		await page.goto(PLAYGROUND);
		await expect(page.getByText(/real AWS call that costs money/)).toBeVisible();

		// 1. Streamed text is visible while Stop is still offered (the answer has not ended).
		await ask(page, TITAN, 'Say hello');
		const first = answers(page).first();
		const figures = first.getByLabel('Figures for this answer');
		await expect(first.locator('p.whitespace-pre-wrap')).not.toBeEmpty();
		expect(await figures.count()).toBe(0); // text is there, the answer is not finished
		await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
		// 2. Figures after the answer.
		await expect(figures).toBeVisible({ timeout: 20_000 });
		await expect(figures).toContainText(/Out\s*\d+/);
		await expect(figures).toContainText(/Cost\s*\$0\.\d+/);
		await snap(page, 'playground-answer-1280');

		// 3. Stop closes the AWS call.
		const seq = await emulator().lastSeq();
		await ask(page, TITAN, 'Tell me more');
		await expect(answers(page).nth(1).locator('p.whitespace-pre-wrap')).not.toBeEmpty();
		await page.getByRole('button', { name: 'Stop' }).click();
		await expect(answers(page).nth(1)).toContainText('Stopped.');
		const closed = await emulator().waitForRequest(
			(r) => r.seq > seq && r.operation === 'ConverseStream' && r.modelId === TITAN,
			10_000
		);
		expect(closed.closedEarly).toBe(true);

		// 4. An AWS error stays in the conversation, with its name and hint.
		await emulator().addFault({
			kind: 'throttling',
			count: 10,
			match: { operation: 'ConverseStream', modelId: MISTRAL }
		});
		await ask(page, MISTRAL, 'Are you busy?');
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

		// 6. The phone layout: nothing wider than the screen.
		await page.setViewportSize({ width: 375, height: 812 });
		await expect
			.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
			.toBeLessThanOrEqual(0);
		await snap(page, 'playground-375');

		// 7. New chat clears it, also after a reload.
		await page.getByRole('button', { name: 'New chat' }).click();
		await expect(page.getByText('No messages yet.')).toBeVisible();
		await page.reload();
		await expect(page.getByText('No messages yet.')).toBeVisible();
	} finally {
		await emulator().updateSettings({ streamChunkDelayMs: initial.streamChunkDelayMs });
	}
});
