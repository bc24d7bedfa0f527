/**
 * The app runs with the host's own AWS_* variables set (tests/helpers/test-stack.ts:
 * AKIAHOSTENVIRONMENT1, a session token, a Bedrock bearer token, a profile, eu-west-3).
 * None of them may change which credentials or region a user's calls use.
 */
import { sha256Hex } from '../../../devstack/bedrock-emulator/sigv4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_AWS_ENV } from '../../helpers/test-stack';
import {
	api,
	emulator,
	finishApiSuite,
	newEmulatorKey,
	newUser,
	saveKey,
	useSecret,
	type ApiUser
} from './harness';

let user: ApiUser;
beforeAll(async () => {
	user = await newUser();
	useSecret(HOST_AWS_ENV.AWS_SECRET_ACCESS_KEY);
});
afterAll(finishApiSuite);

const drain = (modelId: string) =>
	new Promise<void>((resolve, reject) => {
		api(user).invoke.converseStream.subscribe(
			{ modelId, messages: [{ role: 'user', content: 'hi' }] },
			{ onData: () => {}, onError: reject, onComplete: resolve }
		);
	});

describe('host AWS_* variables', () => {
	it("never replace or merge into a user's credentials, on every kind of call", async () => {
		for (const temporary of [false, true]) {
			const key = await newEmulatorKey({ temporary });
			const seq = await emulator().lastSeq();
			await saveKey(user, key, 'us-west-2');
			const tested = await api(user).connection.test.mutate({ includeInvocation: true });
			expect(tested.status).toBe('pass');
			await api(user).models.list.query({});
			await api(user).models.get.query({ modelId: 'amazon.titan-text-express-v1' });
			await api(user).invoke.converse.mutate({
				modelId: 'amazon.titan-text-express-v1',
				messages: [{ role: 'user', content: 'hi' }]
			});
			await api(user).invoke.invokeModel.mutate({
				modelId: 'amazon.titan-text-express-v1',
				body: { inputText: 'hi' }
			});
			await drain('amazon.titan-text-express-v1');

			const mine = (await emulator().requests({ sinceSeq: seq })).filter(
				(r) => r.accessKeyId === key.accessKeyId
			);
			const operations = new Set(mine.map((r) => r.operation));
			for (const op of [
				'GetCallerIdentity',
				'ListFoundationModels',
				'ListInferenceProfiles',
				'GetFoundationModel',
				'InvokeModel',
				'InvokeModelWithResponseStream',
				'Converse',
				'ConverseStream'
			]) {
				expect(operations, op).toContain(op);
			}
			// Signed with the user's key (and, for ASIA keys, exactly the user's token: the
			// emulator refuses any other token), in the user's region, and accepted.
			for (const r of mine) {
				expect(r.status, `${r.operation}`).toBe(200);
				expect(r.region).toBe('us-west-2');
			}
		}
	});

	it('never reach the emulator at all: no host key id, no bearer token', async () => {
		const all = await emulator().requests();
		expect(all.length).toBeGreaterThan(0);
		expect(all.filter((r) => r.accessKeyId === HOST_AWS_ENV.AWS_ACCESS_KEY_ID)).toEqual([]);
		// Bearer requests are legitimate now (users' Bedrock API keys); the host's token is not
		// among them, by the hash of the key each bearer request carried.
		const hostToken = sha256Hex(HOST_AWS_ENV.AWS_BEARER_TOKEN_BEDROCK).slice(0, 16);
		expect(all.filter((r) => r.authScheme === 'bearer' && !r.apiKeyHash)).toEqual([]);
		expect(all.filter((r) => r.apiKeyHash === hostToken)).toEqual([]);
	});
});
