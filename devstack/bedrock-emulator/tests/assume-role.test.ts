import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import {
	EXAMPLE_KEY,
	bedrockClient,
	runtimeClient,
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
const ROLE_ARN = 'arn:aws:iam::210987654321:role/BedrockAccess';
const CALLER_ARN = 'arn:aws:iam::123456789012:user/bedrock-admin-dev';
const EXTERNAL_ID = 'ext-6f1c2d9a4b7e4f0c';
const role = (extra: object = {}) => ({
	roleArn: ROLE_ARN,
	trustedPrincipals: ['123456789012'],
	externalId: EXTERNAL_ID,
	...extra
});
const assume = (params: Record<string, unknown>, credentials = EXAMPLE_KEY) =>
	stsClient(env.emulator.url, credentials).send(
		new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'test-session', ...params })
	);

describe('STS AssumeRole', () => {
	it('returns ASIA keys with a session token and expiry that work on Bedrock as the assumed role', async () => {
		await env.control.setRoles([role()]);
		const before = Date.now();
		const out = await assume({ ExternalId: EXTERNAL_ID, DurationSeconds: 900 });
		const c = out.Credentials!;
		expect(c.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
		expect(c.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
		expect(c.SessionToken!.length).toBeGreaterThan(100);
		const expiry = c.Expiration!.getTime();
		expect(expiry).toBeGreaterThan(before + 899_000);
		expect(expiry).toBeLessThan(Date.now() + 901_000);
		expect(out.AssumedRoleUser?.Arn).toBe(
			'arn:aws:sts::210987654321:assumed-role/BedrockAccess/test-session'
		);
		const temp = {
			accessKeyId: c.AccessKeyId!,
			secretAccessKey: c.SecretAccessKey!,
			sessionToken: c.SessionToken!
		};
		const who = await stsClient(env.emulator.url, temp).send(new GetCallerIdentityCommand({}));
		expect(who).toMatchObject({ Account: '210987654321', Arn: out.AssumedRoleUser?.Arn });
		const answer = await runtimeClient(env.emulator.url, temp).send(
			new ConverseCommand({ modelId: HAIKU, messages: userText('hi') })
		);
		expect(answer.stopReason).toBeDefined();
		// Without the token the temporary key is refused, as on AWS.
		await expect(
			bedrockClient(env.emulator.url, { ...temp, sessionToken: undefined }).send(
				new ListFoundationModelsCommand({})
			)
		).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
	});

	it('gives the assumed role only the role’s permissions', async () => {
		await env.control.setRoles([role({ allowedActions: ['bedrock:List*'] })]);
		const c = (await assume({ ExternalId: EXTERNAL_ID })).Credentials!;
		const temp = {
			accessKeyId: c.AccessKeyId!,
			secretAccessKey: c.SecretAccessKey!,
			sessionToken: c.SessionToken!
		};
		await bedrockClient(env.emulator.url, temp).send(new ListFoundationModelsCommand({}));
		await expect(
			runtimeClient(env.emulator.url, temp).send(
				new ConverseCommand({ modelId: HAIKU, messages: userText('hi') })
			)
		).rejects.toMatchObject({
			name: 'AccessDeniedException',
			message: expect.stringContaining(
				'assumed-role/BedrockAccess/test-session is not authorized to perform: bedrock:InvokeModel'
			)
		});
	});

	it('refuses a wrong or missing external ID, an untrusted caller and an unknown role with the same AccessDenied', async () => {
		const denied = {
			name: 'AccessDenied',
			message: `User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
			$metadata: { httpStatusCode: 403 }
		};
		await expect(assume({ ExternalId: EXTERNAL_ID })).rejects.toMatchObject(denied); // no such role yet
		await env.control.setRoles([role()]);
		await expect(assume({ ExternalId: 'ext-wrong-value' })).rejects.toMatchObject(denied);
		await expect(assume({})).rejects.toMatchObject(denied);
		await env.control.setRoles([role({ trustedPrincipals: ['999999999999'] })]);
		await expect(assume({ ExternalId: EXTERNAL_ID })).rejects.toMatchObject(denied);
	});

	it('trusts a principal named by root or user ARN', async () => {
		for (const principal of ['arn:aws:iam::123456789012:root', CALLER_ARN]) {
			await env.control.setRoles([role({ trustedPrincipals: [principal] })]);
			const out = await assume({ ExternalId: EXTERNAL_ID });
			expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
		}
	});

	it('refuses a caller whose own policy does not allow sts:AssumeRole, saying so', async () => {
		await env.control.setRoles([role()]);
		await env.control.setKeys([
			{
				...EXAMPLE_KEY,
				accountId: '123456789012',
				userArn: CALLER_ARN,
				allowedActions: ['bedrock:*']
			}
		]);
		await expect(assume({ ExternalId: EXTERNAL_ID })).rejects.toMatchObject({
			name: 'AccessDenied',
			message: `User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN} because no identity-based policy allows the sts:AssumeRole action`
		});
	});

	it('refuses durations outside 900..43200 s and beyond the role’s maximum with ValidationError', async () => {
		await env.control.setRoles([role()]);
		await expect(assume({ ExternalId: EXTERNAL_ID, DurationSeconds: 899 })).rejects.toMatchObject({
			name: 'ValidationError',
			message:
				"1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
			$metadata: { httpStatusCode: 400 }
		});
		await expect(assume({ ExternalId: EXTERNAL_ID, DurationSeconds: 43201 })).rejects.toMatchObject(
			{
				name: 'ValidationError',
				message: expect.stringContaining('Member must have value less than or equal to 43200')
			}
		);
		await expect(assume({ ExternalId: EXTERNAL_ID, DurationSeconds: 7200 })).rejects.toMatchObject({
			name: 'ValidationError',
			message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
		});
	});

	it('caps role chaining at one hour and trusts the chained role by its role ARN', async () => {
		const second = 'arn:aws:iam::333333333333:role/Chained';
		await env.control.setRoles([
			role(),
			{ roleArn: second, trustedPrincipals: [ROLE_ARN], maxSessionDurationSeconds: 43200 }
		]);
		const c = (await assume({ ExternalId: EXTERNAL_ID })).Credentials!;
		const temp = {
			accessKeyId: c.AccessKeyId!,
			secretAccessKey: c.SecretAccessKey!,
			sessionToken: c.SessionToken!
		};
		await expect(
			assume({ RoleArn: second, DurationSeconds: 7200 }, temp as typeof EXAMPLE_KEY)
		).rejects.toMatchObject({
			name: 'ValidationError',
			message:
				'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
		});
		const chained = await assume({ RoleArn: second }, temp as typeof EXAMPLE_KEY);
		expect(chained.AssumedRoleUser?.Arn).toBe(
			'arn:aws:sts::333333333333:assumed-role/Chained/test-session'
		);
	});

	it('expires issued keys: Bedrock then answers ExpiredTokenException and STS ExpiredToken', async () => {
		await env.control.setRoles([role({ credentialLifetimeSeconds: 0.3 })]);
		const c = (await assume({ ExternalId: EXTERNAL_ID })).Credentials!;
		const temp = {
			accessKeyId: c.AccessKeyId!,
			secretAccessKey: c.SecretAccessKey!,
			sessionToken: c.SessionToken!
		};
		await new Promise((r) => setTimeout(r, 1100));
		await expect(
			bedrockClient(env.emulator.url, temp).send(new ListFoundationModelsCommand({}))
		).rejects.toMatchObject({
			name: 'ExpiredTokenException',
			message: 'The security token included in the request is expired',
			$metadata: { httpStatusCode: 403 }
		});
		await expect(
			stsClient(env.emulator.url, temp).send(new GetCallerIdentityCommand({}))
		).rejects.toMatchObject({ name: 'ExpiredToken' });
	});

	it('works through fromTemporaryCredentials, counted once per refresh, and lists roles without the external ID', async () => {
		await env.control.setRoles([role()]);
		const credentials = fromTemporaryCredentials({
			masterCredentials: EXAMPLE_KEY,
			params: { RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID, RoleSessionName: 'sdk' },
			clientConfig: { endpoint: env.emulator.url, region: 'us-east-1' }
		});
		const client = bedrockClient(env.emulator.url, credentials as never);
		await client.send(new ListFoundationModelsCommand({}));
		await client.send(new ListFoundationModelsCommand({}));
		expect((await env.control.counters()).AssumeRole?.requests).toBe(1);
		const roles = await env.control.roles();
		expect(roles).toEqual([
			expect.objectContaining({ roleArn: ROLE_ARN, requiresExternalId: true })
		]);
		expect(JSON.stringify(roles)).not.toContain(EXTERNAL_ID);
	});
});
