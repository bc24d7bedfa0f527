/**
 * connection.test against the emulator: each failure a user can have gets the right check
 * marked failed, the AWS error name and the matching hint; invocation only when asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	connectionLastOutput,
	connectionTestResultSchema,
	type ConnectionTestResult
} from '../../../src/lib/schemas/connection';
import {
	api,
	db,
	emulator,
	EXAMPLE_KEY,
	finishApiSuite,
	newEmulatorKey,
	newUser,
	saveKey,
	useSecret,
	type ApiUser,
	type KeyPair
} from './harness';

let user: ApiUser;
beforeAll(async () => {
	user = await newUser();
});
afterAll(finishApiSuite);

async function testWith(
	key: KeyPair,
	options: { includeInvocation?: boolean; region?: string } = {}
): Promise<ConnectionTestResult> {
	await saveKey(user, key, options.region);
	return connectionTestResultSchema.parse(
		await api(user).connection.test.mutate({
			includeInvocation: options.includeInvocation ?? false
		})
	);
}

const check = (result: ConnectionTestResult, id: string) => result.checks.find((c) => c.id === id)!;
const statuses = (result: ConnectionTestResult) =>
	Object.fromEntries(result.checks.map((c) => [c.id, c.status]));

describe('connection.test', () => {
	it('passes every check with working keys and does not invoke unless asked', async () => {
		const key = await newEmulatorKey();
		const result = await testWith(key);
		expect(result).toMatchObject({
			ok: true,
			status: 'pass',
			region: 'us-east-1',
			account: '210987654321',
			includeInvocation: false
		});
		expect(result.arn).toBe(key.userArn);
		expect(statuses(result)).toEqual({
			credentials: 'pass',
			identity: 'pass',
			list_models: 'pass',
			get_model: 'pass',
			invoke_model: 'skip',
			invoke_stream: 'skip'
		});
		expect(check(result, 'invoke_model').message).toMatch(/cost money/);
		const calls = await emulator().requests({ accessKeyId: key.accessKeyId });
		expect(calls.map((c) => c.operation).sort()).toEqual([
			'GetCallerIdentity',
			'GetFoundationModel',
			'ListFoundationModels'
		]);
		for (const c of result.checks) expect(c.durationMs).toBeGreaterThanOrEqual(0);
	});

	it('invokes a cheap text model once, plain and streamed, when asked', async () => {
		const key = await newEmulatorKey();
		const result = await testWith(key, { includeInvocation: true });
		expect(result.status).toBe('pass');
		expect(result.invocationModelId).toBe('amazon.titan-text-lite-v1');
		expect(statuses(result)).toMatchObject({ invoke_model: 'pass', invoke_stream: 'pass' });
		const invocations = await emulator().requests({
			accessKeyId: key.accessKeyId,
			service: 'bedrock-runtime'
		});
		expect(invocations.map((c) => c.operation).sort()).toEqual([
			'InvokeModel',
			'InvokeModelWithResponseStream'
		]);
		expect(invocations.every((c) => c.modelId === 'amazon.titan-text-lite-v1')).toBe(true);
	});

	it('works with temporary keys and their session token', async () => {
		const key = await newEmulatorKey({ temporary: true });
		const result = await testWith(key);
		expect(result.status).toBe('pass');
	});

	it('keeps the last result for the dashboard and marks it stale after a change', async () => {
		const key = await newEmulatorKey();
		const result = await testWith(key);
		const last = connectionLastOutput.parse(await api(user).connection.last.query());
		expect(last).toMatchObject({
			status: 'pass',
			region: 'us-east-1',
			testedAt: result.testedAt,
			stale: false
		});
		expect(last!.checks).toEqual(result.checks);
		await api(user).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-west-2' });
		expect((await api(user).connection.last.query())?.stale).toBe(true);
	});
});

describe('connection.test failures and their hints', () => {
	it('no credentials saved', async () => {
		await api(user).credentials.delete.mutate();
		const result = connectionTestResultSchema.parse(await api(user).connection.test.mutate({}));
		expect(result.status).toBe('fail');
		expect(check(result, 'credentials')).toMatchObject({
			status: 'fail',
			hint: expect.stringMatching(/Save an access key/)
		});
		expect(check(result, 'identity').status).toBe('skip');
	});

	it('unknown access key id', async () => {
		const result = await testWith({
			accessKeyId: 'AKIAUNKNOWNKEY123456',
			secretAccessKey: EXAMPLE_KEY.secretAccessKey
		});
		expect(result.status).toBe('fail');
		expect(check(result, 'identity')).toMatchObject({
			status: 'fail',
			// STS words it its own way (Bedrock would say UnrecognizedClientException).
			awsError: 'InvalidClientTokenId',
			hint: expect.stringMatching(/does not recognise the access key id AKIA…3456/)
		});
		expect(statuses(result)).toMatchObject({ list_models: 'skip', get_model: 'skip' });
	});

	it('wrong secret access key', async () => {
		const wrong = useSecret(EXAMPLE_KEY.secretAccessKey.replace('wJalr', 'Wrong'));
		const result = await testWith({ accessKeyId: EXAMPLE_KEY.accessKeyId, secretAccessKey: wrong });
		expect(check(result, 'identity')).toMatchObject({
			awsError: 'SignatureDoesNotMatch',
			hint: expect.stringMatching(/secret access key does not match/)
		});
	});

	it('wrong secret with a session token: the token never appears in the message', async () => {
		const key = await newEmulatorKey({ temporary: true });
		const wrong = useSecret(
			`${key.secretAccessKey.slice(0, 39)}${key.secretAccessKey.endsWith('A') ? 'B' : 'A'}`
		);
		const result = await testWith({ ...key, secretAccessKey: wrong });
		const identity = check(result, 'identity');
		expect(identity.awsError).toBe('SignatureDoesNotMatch');
		expect(identity.message).not.toContain(key.sessionToken!);
		expect(identity.message).not.toMatch(/Canonical String/);
	});

	it('missing IAM permission names the action', async () => {
		const key = await newEmulatorKey({
			allowedActions: ['sts:GetCallerIdentity', 'bedrock:GetFoundationModel']
		});
		const result = await testWith(key);
		expect(result.status).toBe('partial');
		expect(check(result, 'identity').status).toBe('pass');
		expect(check(result, 'list_models')).toMatchObject({
			status: 'fail',
			awsError: 'AccessDeniedException',
			hint: expect.stringMatching(/"Action": "bedrock:ListFoundationModels"/)
		});
	});

	it('region without Bedrock', async () => {
		const key = await newEmulatorKey();
		await testWith(key);
		// A row saved before the region list existed (the API itself refuses such regions).
		await db()`update public.bedrock_credentials set region = 'af-south-1' where user_id = ${user.id}`;
		const result = connectionTestResultSchema.parse(await api(user).connection.test.mutate({}));
		expect(result.region).toBe('af-south-1');
		expect(check(result, 'identity').status).toBe('pass');
		expect(check(result, 'list_models')).toMatchObject({
			status: 'fail',
			awsError: 'InvalidSignatureException',
			hint: expect.stringMatching(/Bedrock is not offered in af-south-1/)
		});
	});

	it('model access not granted', async () => {
		const key = await newEmulatorKey({ modelAccess: ['anthropic.claude-3-haiku-20240307-v1:0'] });
		const result = await testWith(key, { includeInvocation: true });
		expect(check(result, 'invoke_model')).toMatchObject({
			status: 'fail',
			awsError: 'AccessDeniedException',
			hint: expect.stringMatching(
				/Model access for "amazon.titan-text-lite-v1" has not been granted in us-east-1/
			)
		});
	});

	it('throttling (retried once, then reported)', async () => {
		const key = await newEmulatorKey();
		await emulator().addFault({
			kind: 'throttling',
			match: { accessKeyId: key.accessKeyId, operation: 'ListFoundationModels' }
		});
		const result = await testWith(key);
		expect(check(result, 'list_models')).toMatchObject({
			status: 'fail',
			awsError: 'ThrottlingException',
			hint: expect.stringMatching(/throttling/)
		});
		const attempts = await emulator().requests({
			accessKeyId: key.accessKeyId,
			operation: 'ListFoundationModels'
		});
		expect(attempts).toHaveLength(2);
	});

	it('credentials that cannot be decrypted any more', async () => {
		await testWith(await newEmulatorKey());
		await db()`update public.bedrock_credentials set encryption_key_id = 'retired-key' where user_id = ${user.id}`;
		const result = connectionTestResultSchema.parse(await api(user).connection.test.mutate({}));
		expect(check(result, 'credentials')).toMatchObject({
			status: 'fail',
			message: 'The saved AWS credentials cannot be decrypted on this server.',
			hint: expect.stringMatching(/Save the credentials again/)
		});
	});
});
