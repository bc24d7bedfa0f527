/**
 * The credential kinds besides access keys, over HTTP against the emulator: assume_role (as the
 * deployment, and as the user's own key = role chaining) and Bedrock API keys (long-term and
 * short-term). For each: save, connection test passing, failing with the right hint, models
 * listed, a Converse and a stream; temporary credentials reused until near expiry; the
 * deployment identity never used for a Bedrock call; no secret in any response or log line.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getToken } from '@aws/bedrock-token-generator';
import type { RoleConfig } from '../../../devstack/bedrock-emulator/control-client';
import {
	connectionTestResultSchema,
	type ConnectionTestResult
} from '../../../src/lib/schemas/connection';
import { TEST_DEPLOYMENT_KEY } from '../../helpers/test-stack';
import {
	api,
	emulator,
	finishApiSuite,
	newEmulatorKey,
	newUser,
	raw,
	storedRow,
	useSecret,
	type ApiUser
} from './harness';

afterAll(finishApiSuite);

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const roles: RoleConfig[] = [];

/** A role of its own for one test (PUT replaces the list: keep every role of this file). */
async function newRole(config: Omit<RoleConfig, 'roleArn'>): Promise<string> {
	const roleArn = `arn:aws:iam::210987654321:role/Bedrock-${randomBytes(4).toString('hex')}`;
	roles.push({ roleArn, ...config });
	await emulator().setRoles(roles);
	return roleArn;
}

async function externalIdOf(user: ApiUser): Promise<string> {
	return (await api(user).credentials.trustPolicy.query({ via: 'deployment' })).externalId;
}

async function connectionTest(user: ApiUser, includeInvocation = false) {
	return connectionTestResultSchema.parse(
		await api(user).connection.test.mutate({ includeInvocation })
	);
}
const statuses = (result: ConnectionTestResult) =>
	Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
const check = (result: ConnectionTestResult, id: string) => result.checks.find((c) => c.id === id)!;

/** models.list, one Converse and one ConverseStream through the API. */
async function useBedrock(user: ApiUser) {
	const client = api(user);
	const listed = await client.models.list.query({});
	expect(listed.usingFallback).toBe(false);
	expect(listed.models.length).toBeGreaterThan(10);
	const answer = await client.invoke.converse.mutate({
		modelId: MODEL,
		messages: [{ role: 'user', content: 'Hello there' }],
		inferenceConfig: { maxTokens: 20 }
	});
	expect(answer.text.length).toBeGreaterThan(0);
	const deltas: string[] = [];
	await new Promise<void>((resolve, reject) => {
		client.invoke.converseStream.subscribe(
			{
				modelId: MODEL,
				messages: [{ role: 'user', content: 'Stream please' }],
				inferenceConfig: { maxTokens: 20 }
			},
			{
				onData: (event) => {
					if (event.type === 'delta') deltas.push(event.text);
				},
				onError: reject,
				onComplete: () => resolve()
			}
		);
	});
	expect(deltas.join('').length).toBeGreaterThan(0);
}

describe('assume_role as the deployment (the SaaS pattern)', () => {
	let user: ApiUser;
	let externalId: string;
	beforeAll(async () => {
		user = await newUser();
		externalId = await externalIdOf(user);
	});

	it('shows the trust policy for this deployment’s account with the user’s own, stable external ID', async () => {
		const policy = await api(user).credentials.trustPolicy.query({ via: 'deployment' });
		expect(policy.externalId).toBe(externalId);
		expect(externalId).toMatch(/^ba-[A-Za-z0-9_-]{24}$/);
		expect(policy.principalArn).toBe(`arn:aws:iam::${TEST_DEPLOYMENT_KEY.accountId}:root`);
		expect(JSON.parse(policy.policy).Statement[0]).toEqual({
			Effect: 'Allow',
			Principal: { AWS: `arn:aws:iam::${TEST_DEPLOYMENT_KEY.accountId}:root` },
			Action: 'sts:AssumeRole',
			Condition: { StringEquals: { 'sts:ExternalId': externalId } }
		});
		expect(await externalIdOf(await newUser())).not.toBe(externalId);
	});

	it('saves, passes the connection test as the assumed role, lists models, converses and streams', async () => {
		const roleArn = await newRole({
			trustedPrincipals: [TEST_DEPLOYMENT_KEY.accountId],
			externalId
		});
		const saved = await api(user).credentials.save.mutate({
			type: 'assume_role',
			roleArn,
			region: 'us-east-1',
			via: 'deployment'
		});
		expect(saved).toMatchObject({
			credentialType: 'assume_role',
			accessKeyIdMasked: null,
			assumeRole: {
				roleArn,
				via: 'deployment',
				externalIdMasked: `${externalId.slice(0, 4)}…${externalId.slice(-4)}`
			}
		});
		expect(await api(user).credentials.get.query()).toEqual(saved);
		const row = await storedRow(user.id);
		expect(row).toMatchObject({ role_arn: roleArn, external_id: externalId, access_key_id: null });

		const result = await connectionTest(user, true);
		expect(statuses(result)).toEqual({
			credentials: 'pass',
			assume_role: 'pass',
			identity: 'pass',
			list_models: 'pass',
			get_model: 'pass',
			invoke_model: 'pass',
			invoke_stream: 'pass'
		});
		expect(result.arn).toMatch(
			new RegExp(`^arn:aws:sts::210987654321:assumed-role/${roleArn.split('/')[1]}/bedrock-admin-`)
		);
		await useBedrock(user);
	});

	it('never signs a Bedrock call with the deployment identity: it only ever calls STS', async () => {
		const used = await emulator().requests({ accessKeyId: TEST_DEPLOYMENT_KEY.accessKeyId });
		expect(used.map((r) => r.operation)).toContain('AssumeRole');
		expect(used.filter((r) => r.service !== 'sts')).toEqual([]);
	});

	it('fails the AssumeRole step with the trust-or-external-ID hint for a wrong external ID and an untrusted account', async () => {
		const wrongId = await newRole({
			trustedPrincipals: [TEST_DEPLOYMENT_KEY.accountId],
			externalId: 'ba-someone-elses-id-0000'
		});
		const untrusted = await newRole({ trustedPrincipals: ['999999999999'], externalId });
		for (const roleArn of [wrongId, untrusted]) {
			await api(user).credentials.save.mutate({
				type: 'assume_role',
				roleArn,
				region: 'us-east-1',
				via: 'deployment'
			});
			const result = await connectionTest(user);
			expect(result.status).toBe('fail');
			expect(statuses(result)).toMatchObject({
				credentials: 'pass',
				assume_role: 'fail',
				identity: 'skip'
			});
			expect(check(result, 'assume_role')).toMatchObject({
				awsError: 'AccessDenied',
				message: expect.stringContaining(`sts:AssumeRole on resource: ${roleArn}`),
				hint: expect.stringMatching(/does not trust this account.*external ID is wrong or missing/)
			});
		}
	});

	it('reuses the temporary keys until shortly before they expire, then assumes the role again', async () => {
		// The emulator's keys for this role say they expire in 302 s: the SDK refreshes 5 min ahead.
		const roleArn = await newRole({
			trustedPrincipals: [TEST_DEPLOYMENT_KEY.accountId],
			externalId,
			credentialLifetimeSeconds: 302
		});
		await api(user).credentials.save.mutate({
			type: 'assume_role',
			roleArn,
			region: 'us-east-1',
			via: 'deployment'
		});
		const since = await emulator().lastSeq();
		const assumeCalls = async () =>
			(await emulator().requests({ operation: 'AssumeRole', sinceSeq: since })).length;
		const converse = () =>
			api(user).invoke.converse.mutate({
				modelId: MODEL,
				messages: [{ role: 'user', content: 'hi' }]
			});
		await converse();
		await converse();
		await converse();
		expect(await assumeCalls()).toBe(1);
		await new Promise((r) => setTimeout(r, 2500));
		await converse();
		expect(await assumeCalls()).toBe(2);
		await converse();
		expect(await assumeCalls()).toBe(2);
	});
});

describe('assume_role with the user’s own key (role chaining)', () => {
	it('assumes the role with the stored key and passes the connection test', async () => {
		const user = await newUser();
		const key = await newEmulatorKey();
		const roleArn = await newRole({
			trustedPrincipals: [key.userArn],
			externalId: await externalIdOf(user)
		});
		const saved = await api(user).credentials.save.mutate({
			type: 'assume_role',
			roleArn,
			region: 'us-east-1',
			via: 'access_key',
			accessKeyId: key.accessKeyId,
			secretAccessKey: key.secretAccessKey
		});
		expect(saved.accessKeyIdMasked).toBe(
			`${key.accessKeyId.slice(0, 4)}…${key.accessKeyId.slice(-4)}`
		);
		const result = await connectionTest(user);
		expect(result.status).toBe('pass');
		expect(check(result, 'assume_role').status).toBe('pass');
		expect(result.arn).toContain(':assumed-role/');
		const assumedBy = await emulator().requests({
			operation: 'AssumeRole',
			accessKeyId: key.accessKeyId
		});
		expect(assumedBy.length).toBeGreaterThan(0);
		await useBedrock(user);
	});

	it('refuses a save without the key, with field errors', async () => {
		const user = await newUser();
		const res = await raw(
			'mutation',
			'credentials.save',
			{
				type: 'assume_role',
				roleArn: 'arn:aws:iam::210987654321:role/X',
				region: 'us-east-1',
				via: 'access_key'
			},
			user.accessToken
		);
		expect(res.status).toBe(400);
		expect(res.body.error?.data.zodError?.fieldErrors).toMatchObject({
			accessKeyId: ['Required'],
			secretAccessKey: ['Required']
		});
	});
});

describe('Bedrock API keys', () => {
	it('saves a long-term key (masked, never returned), passes the test with STS marked not applicable, and uses bearer auth', async () => {
		const user = await newUser();
		const apiKey = useSecret(`ABSK${randomBytes(48).toString('base64')}`);
		await emulator().addApiKey({ apiKey, accountId: '210987654321' });
		const saved = await api(user).credentials.save.mutate({
			type: 'api_key',
			apiKey,
			region: 'us-east-1'
		});
		expect(saved).toMatchObject({
			credentialType: 'api_key',
			accessKeyIdMasked: null,
			keyKind: 'long_term',
			apiKey: { kind: 'long_term', last4: apiKey.slice(-4), expiresAt: null }
		});
		const row = await storedRow(user.id);
		expect(row?.api_key_ciphertext).toBeTruthy();
		expect(row?.api_key_ciphertext).not.toContain(apiKey.slice(4, 24));

		const since = await emulator().lastSeq();
		const result = await connectionTest(user, true);
		expect(statuses(result)).toEqual({
			credentials: 'pass',
			identity: 'skip',
			list_models: 'pass',
			get_model: 'pass',
			invoke_model: 'pass',
			invoke_stream: 'pass',
			api_key_expiry: 'pass'
		});
		expect(check(result, 'identity').message).toMatch(/STS does not take Bedrock API keys/);
		await useBedrock(user);
		const calls = (await emulator().requests({ sinceSeq: since })).filter(
			(r) => r.service !== 'sts'
		);
		const mine = calls.filter((r) => r.authScheme === 'bearer');
		expect(mine.length).toBeGreaterThanOrEqual(5);
		expect(mine.every((r) => r.status === 200 && r.accessKeyId === undefined)).toBe(true);
	});

	it('saves a short-term key with its expiry, and once expired the test fails with the expired-key hint', async () => {
		const user = await newUser();
		const key = await newEmulatorKey();
		const apiKey = useSecret(
			await getToken({ credentials: key, region: 'us-east-1', expiresInSeconds: 3 })
		);
		const saved = await api(user).credentials.save.mutate({
			type: 'api_key',
			apiKey,
			region: 'us-east-1'
		});
		expect(saved.apiKey).toMatchObject({ kind: 'short_term', last4: apiKey.slice(-4) });
		const expiresAt = Date.parse(saved.apiKey!.expiresAt!);
		expect(expiresAt).toBeGreaterThan(Date.now() - 2000);
		expect(expiresAt).toBeLessThan(Date.now() + 4000);

		await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 300));
		const result = await connectionTest(user);
		expect(result.status).toBe('fail');
		expect(check(result, 'list_models')).toMatchObject({
			status: 'fail',
			awsError: 'UnauthorizedException',
			hint: expect.stringMatching(/API key has expired/)
		});
		expect(check(result, 'api_key_expiry')).toMatchObject({
			status: 'fail',
			message: expect.stringContaining('expired at'),
			hint: expect.stringMatching(/Generate a new Bedrock API key/)
		});
	});

	it('admins save an API key for another user and see it masked in the list', async () => {
		const [admin, user] = await Promise.all([newUser({ admin: true }), newUser()]);
		const apiKey = useSecret(`ABSK${randomBytes(48).toString('base64')}`);
		await api(admin).credentials.saveForUser.mutate({
			userId: user.id,
			type: 'api_key',
			apiKey,
			region: 'eu-west-1'
		});
		const listed = (await api(admin).credentials.list.query()).find((r) => r.userId === user.id);
		expect(listed?.credentials).toMatchObject({
			credentialType: 'api_key',
			summary: `Long-term API key …${apiKey.slice(-4)}`,
			apiKey: { kind: 'long_term', last4: apiKey.slice(-4) }
		});
	});

	it('refuses a string that is no Bedrock API key with a field error', async () => {
		const user = await newUser();
		const res = await raw(
			'mutation',
			'credentials.save',
			{ type: 'api_key', apiKey: 'sk-123', region: 'us-east-1' },
			user.accessToken
		);
		expect(res.status).toBe(400);
		expect(res.body.error?.data.zodError?.fieldErrors.apiKey?.[0]).toMatch(/ABSK/);
	});
});
