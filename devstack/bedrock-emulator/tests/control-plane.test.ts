import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	CreateProvisionedModelThroughputCommand,
	DeleteProvisionedModelThroughputCommand,
	GetFoundationModelCommand,
	GetInferenceProfileCommand,
	GetProvisionedModelThroughputCommand,
	ListFoundationModelsCommand,
	ListInferenceProfilesCommand,
	ListProvisionedModelThroughputsCommand,
	UpdateProvisionedModelThroughputCommand
} from '@aws-sdk/client-bedrock';
import { catalogModels, catalogProfiles } from '../catalog/catalog';
import { bedrockClient, runtimeClient, startTestEmulator, userText } from './helpers';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

let env: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
	env = await startTestEmulator();
});
afterAll(() => env.emulator.close());

const inRegion = (region: string) => catalogModels.filter((m) => m.regions.includes(region));
const ids = (list: { modelId?: string }[] | undefined) => (list ?? []).map((m) => m.modelId).sort();

describe('ListFoundationModels', () => {
	it('lists exactly the catalog models of the signing region, parsed by the SDK', async () => {
		const { modelSummaries } = await bedrockClient(env.emulator.url).send(
			new ListFoundationModelsCommand({})
		);
		const expected = inRegion('us-east-1');
		expect(ids(modelSummaries)).toEqual(expected.map((m) => m.modelId).sort());
		const haiku = modelSummaries!.find(
			(m) => m.modelId === 'anthropic.claude-3-haiku-20240307-v1:0'
		)!;
		const source = catalogModels.find((m) => m.modelId === haiku.modelId)!;
		expect(haiku).toMatchObject({
			modelArn:
				'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
			modelName: source.modelName,
			providerName: 'Anthropic',
			inputModalities: source.inputModalities,
			outputModalities: source.outputModalities,
			responseStreamingSupported: true,
			inferenceTypesSupported: source.inferenceTypesSupported,
			modelLifecycle: { status: 'ACTIVE' }
		});
		expect(haiku.modelLifecycle?.startOfLifeTime).toBeInstanceOf(Date);
	});

	it('holds at least 40 models across providers, with the legacy ones the seed names', () => {
		expect(catalogModels.length).toBeGreaterThanOrEqual(40);
		const providers = new Set(catalogModels.map((m) => m.providerName));
		for (const p of [
			'Amazon',
			'Anthropic',
			'Meta',
			'Mistral AI',
			'Cohere',
			'AI21 Labs',
			'OpenAI',
			'DeepSeek'
		])
			expect(providers).toContain(p);
		for (const id of [
			'amazon.titan-text-express-v1',
			'anthropic.claude-v2',
			'anthropic.claude-instant-v1'
		]) {
			expect(catalogModels.find((m) => m.modelId === id)?.modelLifecycle.status).toBe('LEGACY');
		}
	});

	it('differs per region: a model absent from a region is not listed there', async () => {
		const { modelSummaries } = await bedrockClient(env.emulator.url, undefined, 'eu-west-1').send(
			new ListFoundationModelsCommand({})
		);
		expect(ids(modelSummaries)).toEqual(
			inRegion('eu-west-1')
				.map((m) => m.modelId)
				.sort()
		);
		expect(ids(modelSummaries)).not.toContain('meta.llama3-8b-instruct-v1:0');
	});

	it.each([
		[{ byProvider: 'Meta' }, (m: (typeof catalogModels)[number]) => m.providerName === 'Meta'],
		[
			{ byProvider: 'mistral ai' },
			(m: (typeof catalogModels)[number]) => m.providerName === 'Mistral AI'
		],
		[
			{ byOutputModality: 'EMBEDDING' as const },
			(m: (typeof catalogModels)[number]) => m.outputModalities.includes('EMBEDDING')
		],
		[
			{ byInferenceType: 'PROVISIONED' as const },
			(m: (typeof catalogModels)[number]) => m.inferenceTypesSupported.includes('PROVISIONED')
		],
		[
			{ byInferenceType: 'ON_DEMAND' as const },
			(m: (typeof catalogModels)[number]) => m.inferenceTypesSupported.includes('ON_DEMAND')
		],
		[
			{ byCustomizationType: 'FINE_TUNING' as const },
			(m: (typeof catalogModels)[number]) => m.customizationsSupported.includes('FINE_TUNING')
		],
		[
			{
				byProvider: 'Amazon',
				byOutputModality: 'TEXT' as const,
				byInferenceType: 'ON_DEMAND' as const
			},
			(m: (typeof catalogModels)[number]) =>
				m.providerName === 'Amazon' &&
				m.outputModalities.includes('TEXT') &&
				m.inferenceTypesSupported.includes('ON_DEMAND')
		]
	])('filters with %j', async (filter, predicate) => {
		const { modelSummaries } = await bedrockClient(env.emulator.url).send(
			new ListFoundationModelsCommand(filter)
		);
		const expected = inRegion('us-east-1')
			.filter(predicate)
			.map((m) => m.modelId)
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(modelSummaries)).toEqual(expected);
	});

	it('rejects an unknown enum value with a ValidationException', async () => {
		await expect(
			bedrockClient(env.emulator.url).send(
				new ListFoundationModelsCommand({ byInferenceType: 'SOMETIMES' as 'ON_DEMAND' })
			)
		).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
	});
});

describe('GetFoundationModel', () => {
	it('answers by id and by ARN', async () => {
		const client = bedrockClient(env.emulator.url);
		const byId = await client.send(
			new GetFoundationModelCommand({ modelIdentifier: 'amazon.titan-text-express-v1' })
		);
		expect(byId.modelDetails?.modelName).toBe('Titan Text G1 - Express');
		expect(byId.modelDetails?.modelLifecycle?.status).toBe('LEGACY');
		const byArn = await client.send(
			new GetFoundationModelCommand({
				modelIdentifier:
					'arn:aws:bedrock:us-east-1::foundation-model/mistral.mistral-7b-instruct-v0:2'
			})
		);
		expect(byArn.modelDetails?.providerName).toBe('Mistral AI');
	});

	it('raises ResourceNotFoundException for a model the region does not have', async () => {
		await expect(
			bedrockClient(env.emulator.url).send(
				new GetFoundationModelCommand({ modelIdentifier: 'acme.nonexistent-v1' })
			)
		).rejects.toMatchObject({
			name: 'ResourceNotFoundException',
			message: 'Could not resolve the foundation model from the provided model identifier.'
		});
	});
});

describe('inference profiles', () => {
	it('lists the system-defined profiles of the region with the caller account in the ARN', async () => {
		const { inferenceProfileSummaries } = await bedrockClient(env.emulator.url).send(
			new ListInferenceProfilesCommand({})
		);
		const expected = catalogProfiles
			.filter((p) => p.sourceRegions.includes('us-east-1'))
			.map((p) => p.inferenceProfileId)
			.sort();
		expect(inferenceProfileSummaries!.map((p) => p.inferenceProfileId).sort()).toEqual(expected);
		const us = inferenceProfileSummaries!.find(
			(p) => p.inferenceProfileId === 'us.anthropic.claude-3-haiku-20240307-v1:0'
		)!;
		expect(us.inferenceProfileArn).toBe(
			'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0'
		);
		expect(us.models!.map((m) => m.modelArn)).toContain(
			'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'
		);
		expect(us).toMatchObject({ status: 'ACTIVE', type: 'SYSTEM_DEFINED' });
	});

	it('pages with maxResults and nextToken', async () => {
		const client = bedrockClient(env.emulator.url);
		const first = await client.send(new ListInferenceProfilesCommand({ maxResults: 5 }));
		expect(first.inferenceProfileSummaries).toHaveLength(5);
		const second = await client.send(
			new ListInferenceProfilesCommand({ maxResults: 5, nextToken: first.nextToken })
		);
		expect(second.inferenceProfileSummaries![0]!.inferenceProfileId).not.toBe(
			first.inferenceProfileSummaries![0]!.inferenceProfileId
		);
	});

	it('gets a global profile by id, and refuses a profile from another geography', async () => {
		const client = bedrockClient(env.emulator.url);
		const global = await client.send(
			new GetInferenceProfileCommand({
				inferenceProfileIdentifier: 'global.anthropic.claude-haiku-4-5-20251001-v1:0'
			})
		);
		expect(global.models!.map((m) => m.modelArn)).toContain(
			'arn:aws:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0'
		);
		await expect(
			client.send(
				new GetInferenceProfileCommand({
					inferenceProfileIdentifier: 'eu.anthropic.claude-3-haiku-20240307-v1:0'
				})
			)
		).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
	});
});

describe('provisioned throughput', () => {
	it('moves from Creating to InService, is listed, updated, invocable by ARN and deleted', async () => {
		const client = bedrockClient(env.emulator.url);
		// Long enough that a loaded machine still sees it Creating; then waited for, not slept on.
		const { provisioningDelayMs } = await env.control.settings();
		await env.control.updateSettings({ provisioningDelayMs: 2_000 });
		const { provisionedModelArn } = await client.send(
			new CreateProvisionedModelThroughputCommand({
				provisionedModelName: 'haiku-pt',
				modelId: 'anthropic.claude-3-haiku-20240307-v1:0:48k',
				modelUnits: 1
			})
		);
		expect(provisionedModelArn).toMatch(
			/^arn:aws:bedrock:us-east-1:123456789012:provisioned-model\/[a-z0-9]{12}$/
		);
		const creating = await client.send(
			new GetProvisionedModelThroughputCommand({ provisionedModelId: provisionedModelArn })
		);
		expect(creating.status).toBe('Creating');
		expect(creating.creationTime).toBeInstanceOf(Date);

		await expect(
			runtimeClient(env.emulator.url).send(
				new ConverseCommand({ modelId: provisionedModelArn, messages: userText('hi') })
			)
		).rejects.toMatchObject({ name: 'ValidationException' });

		await env.control.updateSettings({ provisioningDelayMs });
		let ready = creating;
		for (let waited = 0; ready.status === 'Creating' && waited < 10_000; waited += 100) {
			await new Promise((r) => setTimeout(r, 100));
			ready = await client.send(
				new GetProvisionedModelThroughputCommand({ provisionedModelId: 'haiku-pt' })
			);
		}
		expect(ready.status).toBe('InService');

		const listed = await client.send(
			new ListProvisionedModelThroughputsCommand({
				statusEquals: 'InService',
				nameContains: 'haiku'
			})
		);
		expect(listed.provisionedModelSummaries!.map((p) => p.provisionedModelArn)).toEqual([
			provisionedModelArn
		]);

		const answer = await runtimeClient(env.emulator.url).send(
			new ConverseCommand({ modelId: provisionedModelArn, messages: userText('hi') })
		);
		expect(answer.output?.message?.content?.[0]?.text).toBeTruthy();

		await client.send(
			new UpdateProvisionedModelThroughputCommand({
				provisionedModelId: provisionedModelArn,
				desiredProvisionedModelName: 'haiku-renamed'
			})
		);
		expect(
			(
				await client.send(
					new GetProvisionedModelThroughputCommand({ provisionedModelId: provisionedModelArn })
				)
			).provisionedModelName
		).toBe('haiku-renamed');

		// Another region and another account see nothing.
		const other = await bedrockClient(env.emulator.url, undefined, 'us-west-2').send(
			new ListProvisionedModelThroughputsCommand({})
		);
		expect(other.provisionedModelSummaries).toEqual([]);

		await client.send(
			new DeleteProvisionedModelThroughputCommand({ provisionedModelId: provisionedModelArn })
		);
		await expect(
			client.send(
				new GetProvisionedModelThroughputCommand({ provisionedModelId: provisionedModelArn })
			)
		).rejects.toMatchObject({
			name: 'ResourceNotFoundException'
		});
	});

	it('refuses a model without provisioned support', async () => {
		await expect(
			bedrockClient(env.emulator.url).send(
				new CreateProvisionedModelThroughputCommand({
					provisionedModelName: 'nope',
					modelId: 'amazon.nova-micro-v1:0',
					modelUnits: 1
				})
			)
		).rejects.toMatchObject({ name: 'ValidationException' });
	});
});

describe('a region without Bedrock', () => {
	it('answers with the AWS-shaped error naming the region', async () => {
		await expect(
			bedrockClient(env.emulator.url, undefined, 'af-south-1').send(
				new ListFoundationModelsCommand({})
			)
		).rejects.toMatchObject({
			name: 'InvalidSignatureException',
			message: "Credential should be scoped to a valid region, not 'af-south-1'. ",
			$metadata: { httpStatusCode: 403 }
		});
	});
});
