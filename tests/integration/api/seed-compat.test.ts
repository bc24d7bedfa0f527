/**
 * The seed's entry point, initBedrockClientWithSupabaseCredentials, on the real database and
 * emulator: a working client, or flagged fallback data with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBedrockClientWithSupabaseCredentials } from '../../../src/lib/server/credentials';
import { closeSql } from '../../../src/lib/server/db/client';
import {
	EXAMPLE_KEY,
	finishApiSuite,
	newEmulatorKey,
	newUser,
	saveKey,
	type ApiUser
} from './harness';

let withKeys: ApiUser;
let without: ApiUser;
let broken: ApiUser;

beforeAll(async () => {
	[withKeys, without, broken] = await Promise.all([newUser(), newUser(), newUser()]);
	const key = await newEmulatorKey();
	await saveKey(withKeys, key, 'us-west-2');
	await saveKey(broken, {
		accessKeyId: 'AKIANOTKNOWNSEED0001',
		secretAccessKey: EXAMPLE_KEY.secretAccessKey
	});
});
afterAll(async () => {
	await finishApiSuite();
	await closeSql();
});

describe('initBedrockClientWithSupabaseCredentials', () => {
	it('returns a working client for stored credentials', async () => {
		const { client, success, message, usingFallback } =
			await initBedrockClientWithSupabaseCredentials({
				userId: withKeys.id,
				useFallbackOnError: true
			});
		expect({ success, usingFallback }).toEqual({ success: true, usingFallback: false });
		expect(message).toMatch(/Connected to Amazon Bedrock in us-west-2 with AKIA…/);
		const models = await client!.listFoundationModels();
		expect(models.length).toBeGreaterThan(10);
		expect(models.every((m) => !m.sample)).toBe(true);
	});

	it('serves flagged sample data when no credentials are saved and fallback is wanted', async () => {
		const result = await initBedrockClientWithSupabaseCredentials({
			userId: without.id,
			useFallbackOnError: true
		});
		expect(result).toMatchObject({ success: false, usingFallback: true });
		expect(result.message).toMatch(/No AWS credentials are saved.*fallback data/);
		expect(result.client?.reason).toMatch(/No AWS credentials/);
		const models = await result.client!.listFoundationModels();
		expect(models.map((m) => m.modelId)).toEqual([
			'amazon.titan-text-express-v1',
			'anthropic.claude-v2',
			'anthropic.claude-instant-v1'
		]);
		expect(models.every((m) => m.sample && m.lifecycle.status === 'LEGACY')).toBe(true);
	});

	it('serves flagged sample data with the AWS reason when the credentials fail', async () => {
		const result = await initBedrockClientWithSupabaseCredentials({
			userId: broken.id,
			useFallbackOnError: true
		});
		expect(result).toMatchObject({ success: false, usingFallback: true });
		expect(result.message).toMatch(
			/UnrecognizedClientException.*does not recognise the access key id/
		);
	});

	it('returns no client without fallback', async () => {
		const result = await initBedrockClientWithSupabaseCredentials({
			userId: broken.id,
			useFallbackOnError: false
		});
		expect(result).toMatchObject({ client: null, success: false, usingFallback: false });
	});
});
