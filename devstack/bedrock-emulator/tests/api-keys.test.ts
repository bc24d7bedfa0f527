import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import {
	BedrockRuntimeClient,
	ConverseCommand,
	ConverseStreamCommand
} from '@aws-sdk/client-bedrock-runtime';
import { getToken } from '@aws/bedrock-token-generator';
import { EXAMPLE_KEY, startTestEmulator, userText } from './helpers';

let env: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
	env = await startTestEmulator();
});
afterEach(() => env.control.reset());
afterAll(() => env.emulator.close());

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const LONG_TERM = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvci10ZXN0LWtleQ==';

/** The SDK's bearer auth for one client: the per-client token, never the environment. */
function bearerConfig(url: string, token: string) {
	return {
		endpoint: url,
		region: 'us-east-1',
		maxAttempts: 1,
		token: { token },
		authSchemePreference: ['httpBearerAuth']
	};
}
const runtime = (token: string) => new BedrockRuntimeClient(bearerConfig(env.emulator.url, token));
const control = (token: string) => new BedrockClient(bearerConfig(env.emulator.url, token));
const converse = (token: string) =>
	runtime(token).send(new ConverseCommand({ modelId: HAIKU, messages: userText('hi') }));

describe('Bedrock API keys (Authorization: Bearer)', () => {
	it('accepts a configured long-term key on bedrock and bedrock-runtime, logging the scheme but never the key', async () => {
		await env.control.addApiKey({ apiKey: LONG_TERM, accountId: '444455556666' });
		const listed = await control(LONG_TERM).send(new ListFoundationModelsCommand({}));
		expect(listed.modelSummaries?.length).toBeGreaterThan(0);
		expect((await converse(LONG_TERM)).stopReason).toBeDefined();
		const stream = await runtime(LONG_TERM).send(
			new ConverseStreamCommand({ modelId: HAIKU, messages: userText('hi') })
		);
		let text = '';
		for await (const event of stream.stream!) text += event.contentBlockDelta?.delta?.text ?? '';
		expect(text.length).toBeGreaterThan(0);

		const log = await env.control.requests();
		expect(log.map((r) => [r.operation, r.authScheme, r.status])).toEqual([
			['ListFoundationModels', 'bearer', 200],
			['Converse', 'bearer', 200],
			['ConverseStream', 'bearer', 200]
		]);
		expect(JSON.stringify(log)).not.toContain(LONG_TERM.slice(4, 20));
		const hash = createHash('sha256').update(LONG_TERM).digest('hex').slice(0, 16);
		expect(log.map((r) => r.apiKeyHash)).toEqual([hash, hash, hash]);
		const listedKeys = await env.control.apiKeys();
		expect(listedKeys).toEqual([
			expect.objectContaining({ apiKeyMasked: 'ABSK…eQ==', accountId: '444455556666' })
		]);
		expect(JSON.stringify(listedKeys)).not.toContain(LONG_TERM);
	});

	it('refuses an unknown key, a key without a known prefix and an expired long-term key with AWS’s 403s', async () => {
		await expect(converse('ABSKbm90LWEtY29uZmlndXJlZC1rZXktYXQtYWxs')).rejects.toMatchObject({
			name: 'UnauthorizedException',
			message: 'Authentication failed: Please make sure your API Key is valid.',
			$metadata: { httpStatusCode: 403 }
		});
		await expect(converse('sk-not-a-bedrock-key')).rejects.toMatchObject({
			message: 'Invalid API Key format: Must start with pre-defined prefix',
			$metadata: { httpStatusCode: 403 }
		});
		await env.control.addApiKey({
			apiKey: LONG_TERM,
			expiresAt: new Date(Date.now() - 1000).toISOString()
		});
		await expect(converse(LONG_TERM)).rejects.toMatchObject({
			name: 'UnauthorizedException',
			message: 'Authentication failed: The API Key has expired.'
		});
	});

	it('applies the key’s own permissions', async () => {
		await env.control.addApiKey({
			apiKey: LONG_TERM,
			allowedActions: ['bedrock:CallWithBearerToken', 'bedrock:List*']
		});
		await control(LONG_TERM).send(new ListFoundationModelsCommand({}));
		await expect(converse(LONG_TERM)).rejects.toMatchObject({ name: 'AccessDeniedException' });
		await env.control.addApiKey({ apiKey: LONG_TERM, allowedActions: ['bedrock:*'] });
		await expect(converse(LONG_TERM)).resolves.toBeDefined();
		await env.control.addApiKey({ apiKey: LONG_TERM, allowedActions: ['bedrock:InvokeModel'] });
		// Without bedrock:CallWithBearerToken no bearer call is accepted at all.
		await expect(converse(LONG_TERM)).rejects.toMatchObject({ name: 'UnauthorizedException' });
	});

	it('accepts a short-term key from @aws/bedrock-token-generator, acting as the key that signed it', async () => {
		const token = await getToken({
			credentials: EXAMPLE_KEY,
			region: 'us-west-2',
			expiresInSeconds: 600
		});
		expect(token).toMatch(/^bedrock-api-key-/);
		expect((await converse(token)).stopReason).toBeDefined();
		const [record] = await env.control.requests({ operation: 'Converse' });
		expect(record).toMatchObject({
			authScheme: 'bearer',
			accessKeyId: EXAMPLE_KEY.accessKeyId,
			region: 'us-west-2',
			status: 200
		});
	});

	it('refuses a short-term key whose presigned request was tampered with or signed with a wrong secret', async () => {
		const token = await getToken({
			credentials: EXAMPLE_KEY,
			region: 'us-east-1',
			expiresInSeconds: 600
		});
		const url = Buffer.from(token.slice('bedrock-api-key-'.length), 'base64').toString('utf8');
		const tampered = `bedrock-api-key-${Buffer.from(url.replace('X-Amz-Expires=600', 'X-Amz-Expires=900')).toString('base64')}`;
		const wrongSecret = await getToken({
			credentials: { ...EXAMPLE_KEY, secretAccessKey: 'x'.repeat(40) },
			region: 'us-east-1'
		});
		for (const bad of [tampered, wrongSecret])
			await expect(converse(bad)).rejects.toMatchObject({
				name: 'UnauthorizedException',
				message: 'Authentication failed: Please make sure your API Key is valid.'
			});
	});

	it('refuses a short-term key once its presigned request has expired', async () => {
		// X-Amz-Date has whole seconds, so a key signed at hh:mm:ss.9 with 1 s of validity would
		// expire 0.1 s later. 3 s leaves the first call at least 2 s; then wait out all 3 s.
		const token = await getToken({
			credentials: EXAMPLE_KEY,
			region: 'us-east-1',
			expiresInSeconds: 3
		});
		const signedBy = Date.now(); // so it expires by signedBy + 3 s
		await expect(converse(token)).resolves.toBeDefined();
		await new Promise((r) => setTimeout(r, Math.max(0, signedBy + 3_100 - Date.now())));
		await expect(converse(token)).rejects.toMatchObject({
			name: 'UnauthorizedException',
			message: 'Authentication failed: The API Key has expired.'
		});
	});
});
