/**
 * models.list / models.get: the user's catalog with inference profiles, filters, the cache
 * (proven by the emulator's request log) and flagged fallback data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModelOutput, listModelsOutput } from '../../../src/lib/schemas/models';
import {
	NO_CREDENTIALS_HINT,
	NO_CREDENTIALS_MESSAGE
} from '../../../src/lib/server/access/no-credentials';
import {
	api,
	type ApiUser,
	emulator,
	EXAMPLE_KEY,
	finishApiSuite,
	type KeyPair,
	newUser,
	saveKey,
	userWithSavedKey
} from './harness';

let user: ApiUser;
let key: KeyPair;

beforeAll(async () => {
	({ user, key } = await userWithSavedKey());
});
afterAll(finishApiSuite);

const listCalls = async (accessKeyId: string) =>
	(await emulator().requests({ accessKeyId, operation: 'ListFoundationModels' })).length;

describe('models.list', () => {
	it("lists the region's catalog with the inference profiles that serve each model", async () => {
		const out = listModelsOutput.parse(await api(user).models.list.query({}));
		expect(out).toMatchObject({ usingFallback: false, region: 'us-east-1' });
		expect(out.reason).toBeUndefined();
		expect(out.models.length).toBeGreaterThan(10);
		const haiku = out.models.find((m) => m.modelId === 'anthropic.claude-3-haiku-20240307-v1:0');
		expect(haiku).toMatchObject({
			providerName: 'Anthropic',
			requiresInferenceProfile: false,
			sample: false
		});
		expect(haiku?.inferenceProfiles.map((p) => p.id)).toContain(
			'us.anthropic.claude-3-haiku-20240307-v1:0'
		);
		expect(
			haiku?.inferenceProfiles.every(
				(p) => p.status === 'ACTIVE' && p.type === 'SYSTEM_DEFINED' && p.models.length > 0
			)
		).toBe(true);
		const novaMicro = out.models.find((m) => m.modelId === 'amazon.nova-micro-v1:0');
		expect(novaMicro?.requiresInferenceProfile).toBe(true);
		expect(novaMicro?.inferenceProfiles.map((p) => p.id)).toContain('us.amazon.nova-micro-v1:0');
		expect(
			out.models.every((m) => m.modelArn.startsWith('arn:aws:bedrock:us-east-1::foundation-model/'))
		).toBe(true);
	});

	it('answers a repeated query from the cache: no second AWS call', async () => {
		const before = await listCalls(key.accessKeyId);
		const first = await api(user).models.list.query({ provider: 'Amazon' });
		const afterFirst = await listCalls(key.accessKeyId);
		const second = await api(user).models.list.query({ provider: 'Amazon' });
		// Filters the server applies itself reuse the cached AWS answer too.
		const narrowed = await api(user).models.list.query({
			provider: 'Amazon',
			search: 'titan',
			streaming: true
		});
		expect(afterFirst).toBe(before + 1);
		expect(await listCalls(key.accessKeyId)).toBe(afterFirst);
		expect(second).toEqual(first);
		expect(narrowed.models.length).toBeGreaterThan(0);
		expect(narrowed.models.length).toBeLessThan(first.models.length);
	});

	it('calls AWS again after the credentials change', async () => {
		await api(user).models.list.query({});
		const before = await listCalls(key.accessKeyId);
		await saveKey(user, key);
		await api(user).models.list.query({});
		expect(await listCalls(key.accessKeyId)).toBe(before + 1);
	});

	it('passes AWS-side filters and applies the others', async () => {
		const client = api(user);
		const anthropic = await client.models.list.query({ provider: 'Anthropic' });
		expect(anthropic.models.length).toBeGreaterThan(0);
		expect(anthropic.models.every((m) => m.providerName === 'Anthropic')).toBe(true);
		const embeddings = await client.models.list.query({ outputModality: 'embedding' });
		expect(embeddings.models.every((m) => m.outputModalities.includes('EMBEDDING'))).toBe(true);
		const images = await client.models.list.query({ inputModality: 'IMAGE' });
		expect(images.models.length).toBeGreaterThan(0);
		expect(images.models.every((m) => m.inputModalities.includes('IMAGE'))).toBe(true);
		const legacy = await client.models.list.query({ lifecycle: 'LEGACY' });
		expect(legacy.models.every((m) => m.lifecycle.status === 'LEGACY')).toBe(true);
		const profileOnly = await client.models.list.query({ inferenceType: 'INFERENCE_PROFILE' });
		expect(
			profileOnly.models.every((m) => m.inferenceTypesSupported.includes('INFERENCE_PROFILE'))
		).toBe(true);
		const search = await client.models.list.query({ search: 'claude haiku' });
		expect(search.models.map((m) => m.modelId)).toContain('anthropic.claude-3-haiku-20240307-v1:0');
		expect(search.models.every((m) => /haiku/i.test(m.modelName + m.modelId))).toBe(true);
		const nothing = await client.models.list.query({ search: 'no-such-model-anywhere' });
		expect(nothing.models).toEqual([]);
	});
});

describe('fallback data', () => {
	it('is flagged, with the reason, when no credentials are saved', async () => {
		const nobody = await newUser();
		const out = listModelsOutput.parse(await api(nobody).models.list.query());
		expect(out.usingFallback).toBe(true);
		expect(out.reason).toMatch(/No AWS credentials are saved/);
		expect(out.models.map((m) => m.modelId)).toEqual([
			'amazon.titan-text-express-v1',
			'anthropic.claude-v2',
			'anthropic.claude-instant-v1'
		]);
		expect(out.models.every((m) => m.sample)).toBe(true);
	});

	it('is flagged, with the AWS error and hint, when the credentials fail', async () => {
		const broken = await newUser();
		await saveKey(
			broken,
			{ accessKeyId: 'AKIAUNKNOWNFALLBACK1', secretAccessKey: EXAMPLE_KEY.secretAccessKey },
			'eu-west-1'
		);
		const out = listModelsOutput.parse(
			await api(broken).models.list.query({ provider: 'Anthropic' })
		);
		expect(out).toMatchObject({
			usingFallback: true,
			awsError: 'UnrecognizedClientException',
			region: 'eu-west-1'
		});
		expect(out.reason).toMatch(/AWS refused to list models \(UnrecognizedClientException/);
		expect(out.hint).toMatch(/does not recognise the access key id AKIA…ACK1/);
		expect(out.models.map((m) => m.modelId)).toEqual([
			'anthropic.claude-v2',
			'anthropic.claude-instant-v1'
		]);
		// Without fallback the same failure is an error carrying the AWS name and hint.
		await expect(
			api(broken).models.list.query({ useFallbackOnError: false })
		).rejects.toMatchObject({
			data: {
				code: 'PRECONDITION_FAILED',
				awsError: 'UnrecognizedClientException',
				hint: expect.stringMatching(/access key id/)
			}
		});
	});
});

describe('models.get', () => {
	it("returns one model's details with its profiles", async () => {
		const out = getModelOutput.parse(
			await api(user).models.get.query({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0' })
		);
		expect(out).toMatchObject({
			usingFallback: false,
			region: 'us-east-1',
			model: { modelName: 'Claude 3 Haiku', sample: false }
		});
		expect(out.model.inferenceProfiles.map((p) => p.id)).toContain(
			'us.anthropic.claude-3-haiku-20240307-v1:0'
		);
	});

	it('describes each profile as ListInferenceProfiles does: status, type and where it routes', async () => {
		const haikuId = 'anthropic.claude-3-haiku-20240307-v1:0';
		const { model } = getModelOutput.parse(await api(user).models.get.query({ modelId: haikuId }));
		const us = model.inferenceProfiles.find((p) => p.id === `us.${haikuId}`);
		expect(us).toMatchObject({
			name: 'US Anthropic Claude 3 Haiku',
			status: 'ACTIVE',
			type: 'SYSTEM_DEFINED',
			description: expect.stringMatching(/^Routes requests to Anthropic Claude 3 Haiku in /),
			arn: expect.stringMatching(/^arn:aws:bedrock:us-east-1:\d{12}:inference-profile\/us\./)
		});
		// The emulator's catalog routes this profile to us-east-1 and us-west-2.
		const regions = us?.models.map((route) => route.region);
		expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2']));
		expect(us?.models.every((route) => route.modelId === haikuId)).toBe(true);
		expect(us?.models).toContainEqual({
			modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${haikuId}`,
			region: 'us-west-2',
			modelId: haikuId
		});
		// Only profiles a caller in us-east-1 can use are attached.
		expect(model.inferenceProfiles.every((p) => /^(us|global)\./.test(p.id))).toBe(true);
	});

	it("keeps a global profile's any-Region destination as a route without a Region", async () => {
		const haiku45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
		const { model } = getModelOutput.parse(await api(user).models.get.query({ modelId: haiku45 }));
		const global = model.inferenceProfiles.find((p) => p.id === `global.${haiku45}`);
		expect(global?.models).toContainEqual({
			modelArn: `arn:aws:bedrock:::foundation-model/${haiku45}`,
			region: null,
			modelId: haiku45
		});
		expect(global?.models.map((route) => route.region)).toContain('us-east-1');
	});

	it('answers NOT_FOUND with a hint for an unknown model', async () => {
		await expect(
			api(user).models.get.query({ modelId: 'acme.no-such-model-v1:0' })
		).rejects.toMatchObject({
			data: {
				code: 'NOT_FOUND',
				awsError: 'ResourceNotFoundException',
				hint: expect.stringMatching(/was not found in us-east-1/)
			}
		});
	});

	it('serves sample details, flagged, without credentials', async () => {
		const nobody = await newUser();
		const out = await api(nobody).models.get.query({ modelId: 'anthropic.claude-v2' });
		expect(out).toMatchObject({ usingFallback: true, model: { sample: true } });
		expect(out.reason).toMatch(/No AWS credentials/);
		await expect(
			api(nobody).models.get.query({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0' })
		).rejects.toMatchObject({
			message: expect.stringContaining(NO_CREDENTIALS_MESSAGE),
			data: { code: 'NOT_FOUND', hint: NO_CREDENTIALS_HINT }
		});
	});
});
