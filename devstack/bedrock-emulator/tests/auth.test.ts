import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import {
	ConverseCommand,
	ConverseStreamCommand,
	InvokeModelCommand
} from '@aws-sdk/client-bedrock-runtime';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import {
	EXAMPLE_KEY,
	bedrockClient,
	runtimeClient,
	signedFetch,
	startTestEmulator,
	stsClient,
	userText
} from './helpers';

let env: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
	env = await startTestEmulator();
});
afterEach(() => env.control.reset());
afterAll(() => env.emulator.close());

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const TEMP_KEY = {
	accessKeyId: 'ASIAEMULATORTEMPKEY1',
	secretAccessKey: 'tempSecretKeyForTheEmulatorTests0123456789',
	sessionToken: 'FwoGZXIvYXdzEEMULATORSESSIONTOKEN',
	accountId: '210987654321',
	userArn: 'arn:aws:sts::210987654321:assumed-role/BedrockTester/session-1'
};

describe('SigV4 authentication', () => {
	it('refuses an unknown access key with UnrecognizedClientException', async () => {
		await expect(
			bedrockClient(env.emulator.url, {
				accessKeyId: 'AKIAUNKNOWNKEY000000',
				secretAccessKey: 'x'.repeat(40)
			}).send(new ListFoundationModelsCommand({}))
		).rejects.toMatchObject({
			name: 'UnrecognizedClientException',
			message: 'The security token included in the request is invalid.',
			$metadata: { httpStatusCode: 403 }
		});
	});

	it('refuses a request signed with the wrong secret with InvalidSignatureException (HTTP/2 runtime and HTTP/1.1 control plane)', async () => {
		const wrong = {
			accessKeyId: EXAMPLE_KEY.accessKeyId,
			secretAccessKey: 'not-the-right-secret-at-all-000000000000'
		};
		const expected = {
			name: 'InvalidSignatureException',
			message: expect.stringMatching(
				/^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key/
			),
			$metadata: { httpStatusCode: 403 }
		};
		await expect(
			bedrockClient(env.emulator.url, wrong).send(new ListFoundationModelsCommand({}))
		).rejects.toMatchObject(expected);
		await expect(
			runtimeClient(env.emulator.url, wrong).send(
				new ConverseCommand({ modelId: HAIKU, messages: userText('hi') })
			)
		).rejects.toMatchObject(expected);
	});

	it('accepts a temporary key with its session token and refuses it without or with another one', async () => {
		await env.control.addKey(TEMP_KEY);
		const ok = await runtimeClient(env.emulator.url, TEMP_KEY).send(
			new ConverseCommand({ modelId: HAIKU, messages: userText('hi') })
		);
		expect(ok.stopReason).toBeDefined();
		for (const sessionToken of [undefined, 'WRONGTOKEN']) {
			await expect(
				runtimeClient(env.emulator.url, { ...TEMP_KEY, sessionToken }).send(
					new ConverseCommand({ modelId: HAIKU, messages: userText('hi') })
				)
			).rejects.toMatchObject({
				name: 'UnrecognizedClientException',
				message: 'The security token included in the request is invalid.'
			});
		}
	});

	it('accepts a hand-signed HTTP/1.1 fetch (a client that is not the AWS SDK), with a raw colon in the path', async () => {
		const list = await signedFetch(env.emulator.url, 'GET', '/foundation-models?byProvider=Meta');
		expect(list.status).toBe(200);
		const { modelSummaries } = (await list.json()) as {
			modelSummaries: { providerName: string }[];
		};
		expect(modelSummaries.length).toBeGreaterThan(0);
		expect(modelSummaries.every((m) => m.providerName === 'Meta')).toBe(true);

		const body = JSON.stringify({
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 5,
			messages: [{ role: 'user', content: 'Hi' }]
		});
		const invoked = await signedFetch(env.emulator.url, 'POST', `/model/${HAIKU}/invoke`, body);
		expect(invoked.status).toBe(200);
		expect(invoked.headers.get('x-amzn-bedrock-output-token-count')).toBe('5');
		expect(
			((await invoked.json()) as { usage: { output_tokens: number } }).usage.output_tokens
		).toBe(5);
		const log = await env.control.requests({ operation: 'InvokeModel' });
		expect(log.at(-1)).toMatchObject({
			httpVersion: '1.1',
			modelId: HAIKU,
			status: 200,
			accessKeyId: EXAMPLE_KEY.accessKeyId
		});
	});

	it('refuses a fetch signed with another secret, and one without any signature', async () => {
		const res = await signedFetch(env.emulator.url, 'GET', '/foundation-models', undefined, {
			...EXAMPLE_KEY,
			secretAccessKey: 'bad'
		});
		expect(res.status).toBe(403);
		expect(res.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException:/);
		const unsigned = await fetch(`${env.emulator.url}/foundation-models`);
		expect(unsigned.status).toBe(403);
		expect(unsigned.headers.get('x-amzn-errortype')).toMatch(
			/^MissingAuthenticationTokenException:/
		);
		expect(await unsigned.json()).toEqual({ message: 'Missing Authentication Token' });
	});

	it('is reached through AWS_ENDPOINT_URL_BEDROCK, AWS_ENDPOINT_URL_BEDROCK_RUNTIME and AWS_ENDPOINT_URL_STS', async () => {
		const saved = { ...process.env };
		Object.assign(process.env, {
			AWS_ENDPOINT_URL_BEDROCK: env.emulator.url,
			AWS_ENDPOINT_URL_BEDROCK_RUNTIME: env.emulator.url,
			AWS_ENDPOINT_URL_STS: env.emulator.url
		});
		try {
			const config = { region: 'us-east-1', credentials: EXAMPLE_KEY, maxAttempts: 1 };
			const models = await new BedrockClient(config).send(
				new ListFoundationModelsCommand({ byProvider: 'Amazon' })
			);
			expect(models.modelSummaries!.length).toBeGreaterThan(0);
			const answer = await new BedrockRuntimeClient(config).send(
				new ConverseCommand({ modelId: HAIKU, messages: userText('env') })
			);
			expect(answer.usage!.outputTokens).toBeGreaterThan(0);
			const who = await new STSClient(config).send(new GetCallerIdentityCommand({}));
			expect(who.Account).toBe('123456789012');
		} finally {
			process.env = saved;
		}
	});
});

describe('authorisation (IAM actions and model access)', () => {
	it('refuses a key without bedrock:InvokeModel with IAM’s AccessDeniedException, but lets it list models', async () => {
		await env.control.addKey({
			...TEMP_KEY,
			sessionToken: undefined,
			accessKeyId: 'AKIALISTONLY00000000',
			allowedActions: ['bedrock:List*', 'bedrock:Get*']
		});
		const key = { accessKeyId: 'AKIALISTONLY00000000', secretAccessKey: TEMP_KEY.secretAccessKey };
		const list = await bedrockClient(env.emulator.url, key).send(
			new ListFoundationModelsCommand({})
		);
		expect(list.modelSummaries!.length).toBeGreaterThan(0);
		await expect(
			runtimeClient(env.emulator.url, key).send(
				new ConverseCommand({ modelId: HAIKU, messages: userText('hi') })
			)
		).rejects.toMatchObject({
			name: 'AccessDeniedException',
			message: `User: ${TEMP_KEY.userArn} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/${HAIKU} because no identity-based policy allows the bedrock:InvokeModel action`,
			$metadata: { httpStatusCode: 403 }
		});
	});

	it('checks bedrock:InvokeModelWithResponseStream separately for streams', async () => {
		await env.control.addKey({
			...EXAMPLE_KEY,
			accountId: '123456789012',
			userArn: 'arn:aws:iam::123456789012:user/no-stream',
			allowedActions: ['bedrock:InvokeModel']
		});
		const ok = await runtimeClient(env.emulator.url).send(
			new ConverseCommand({ modelId: HAIKU, messages: userText('hi') })
		);
		expect(ok.stopReason).toBeDefined();
		await expect(
			runtimeClient(env.emulator.url).send(
				new ConverseStreamCommand({ modelId: HAIKU, messages: userText('hi') })
			)
		).rejects.toMatchObject({
			name: 'AccessDeniedException',
			message: expect.stringContaining('bedrock:InvokeModelWithResponseStream')
		});
	});

	it('refuses a model whose access was not granted with AWS’s message, through profiles too', async () => {
		await env.control.setKeys([
			{
				...EXAMPLE_KEY,
				accountId: '123456789012',
				userArn: 'arn:aws:iam::123456789012:user/limited',
				modelAccess: ['amazon.nova-micro-v1:0']
			}
		]);
		const client = runtimeClient(env.emulator.url);
		const ok = await client.send(
			new ConverseCommand({ modelId: 'us.amazon.nova-micro-v1:0', messages: userText('hi') })
		);
		expect(ok.stopReason).toBeDefined();
		for (const modelId of [HAIKU, 'us.anthropic.claude-3-haiku-20240307-v1:0']) {
			await expect(
				client.send(
					new InvokeModelCommand({
						modelId,
						body: JSON.stringify({
							anthropic_version: 'bedrock-2023-05-31',
							max_tokens: 5,
							messages: []
						})
					})
				)
			).rejects.toMatchObject({
				name: 'AccessDeniedException',
				message: "You don't have access to the model with the specified model ID."
			});
		}
	});

	it('reset restores the default key', async () => {
		await env.control.setKeys([{ ...TEMP_KEY }]);
		await expect(
			bedrockClient(env.emulator.url).send(new ListFoundationModelsCommand({}))
		).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
		await env.control.reset();
		const keys = await env.control.keys();
		expect(keys.map((k) => k.accessKeyId)).toEqual([EXAMPLE_KEY.accessKeyId]);
		expect(JSON.stringify(keys)).not.toContain(EXAMPLE_KEY.secretAccessKey);
	});
});

describe('STS GetCallerIdentity', () => {
	it('returns the configured account and ARN for the default and for a temporary key', async () => {
		const who = await stsClient(env.emulator.url).send(new GetCallerIdentityCommand({}));
		expect(who).toMatchObject({
			Account: '123456789012',
			Arn: 'arn:aws:iam::123456789012:user/bedrock-admin-dev'
		});
		expect(who.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
		await env.control.addKey(TEMP_KEY);
		const temp = await stsClient(env.emulator.url, TEMP_KEY, 'eu-west-1').send(
			new GetCallerIdentityCommand({})
		);
		expect(temp).toMatchObject({ Account: TEMP_KEY.accountId, Arn: TEMP_KEY.userArn });
		expect(temp.UserId).toMatch(/^AROA[A-Z0-9]{17}:session-1$/);
	});

	it('answers STS errors in STS’s own codes', async () => {
		await expect(
			stsClient(env.emulator.url, {
				accessKeyId: 'AKIAUNKNOWNKEY000000',
				secretAccessKey: 'x'
			}).send(new GetCallerIdentityCommand({}))
		).rejects.toMatchObject({
			name: 'InvalidClientTokenId',
			message: 'The security token included in the request is invalid.'
		});
		await expect(
			stsClient(env.emulator.url, { ...EXAMPLE_KEY, secretAccessKey: 'wrong' }).send(
				new GetCallerIdentityCommand({})
			)
		).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
	});
});
