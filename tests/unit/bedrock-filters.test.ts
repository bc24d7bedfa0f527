import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/lib/schemas/models';
import { listModelsInput } from '../../src/lib/schemas/models';
import { FALLBACK_MODELS, fallbackModels } from '../../src/lib/server/models/fallback';
import { applyFilters, awsFiltersFor, awsFiltersKey } from '../../src/lib/server/models/filters';
import { indexProfiles, toModel } from '../../src/lib/server/models/catalog';

const model = (patch: Partial<Model>): Model => ({
	modelId: 'x',
	modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/x',
	modelName: 'X',
	providerName: 'Amazon',
	inputModalities: ['TEXT'],
	outputModalities: ['TEXT'],
	responseStreamingSupported: true,
	customizationsSupported: [],
	inferenceTypesSupported: ['ON_DEMAND'],
	lifecycle: { status: 'ACTIVE' },
	inferenceProfiles: [],
	requiresInferenceProfile: false,
	sample: false,
	...patch
});

const catalog = [
	model({
		modelId: 'amazon.titan-text-express-v1',
		modelName: 'Titan Text G1 - Express',
		lifecycle: { status: 'LEGACY' },
		customizationsSupported: ['FINE_TUNING']
	}),
	model({
		modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
		modelName: 'Claude 3 Haiku',
		providerName: 'Anthropic',
		inputModalities: ['TEXT', 'IMAGE']
	}),
	model({
		modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
		modelName: 'Claude 3.7 Sonnet',
		providerName: 'Anthropic',
		inputModalities: ['TEXT', 'IMAGE'],
		inferenceTypesSupported: ['INFERENCE_PROFILE']
	}),
	model({
		modelId: 'amazon.titan-embed-text-v2:0',
		modelName: 'Titan Text Embeddings V2',
		outputModalities: ['EMBEDDING'],
		responseStreamingSupported: null
	}),
	model({
		modelId: 'amazon.nova-pro-v1:0',
		modelName: 'Nova Pro',
		inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
		inferenceTypesSupported: ['INFERENCE_PROFILE']
	})
];
const ids = (input: unknown) =>
	applyFilters(catalog, listModelsInput.parse(input)).map((m) => m.modelId);

describe('which filters go to AWS', () => {
	it('passes provider, output modality, on-demand/provisioned and customization', () => {
		expect(
			awsFiltersFor(
				listModelsInput.parse({
					provider: 'Anthropic',
					outputModality: 'text',
					inferenceType: 'ON_DEMAND',
					customization: 'FINE_TUNING',
					streaming: true,
					search: 'x'
				})
			)
		).toEqual({
			byProvider: 'Anthropic',
			byOutputModality: 'TEXT',
			byInferenceType: 'ON_DEMAND',
			byCustomizationType: 'FINE_TUNING'
		});
	});
	it('keeps values AWS does not filter on for the server', () => {
		expect(
			awsFiltersFor(
				listModelsInput.parse({
					outputModality: 'VIDEO',
					inferenceType: 'INFERENCE_PROFILE',
					inputModality: 'IMAGE'
				})
			)
		).toEqual({});
	});
	it('gives a stable cache key whatever the key order', () => {
		expect(awsFiltersKey({ byProvider: 'A', byOutputModality: 'TEXT' })).toBe(
			awsFiltersKey({ byOutputModality: 'TEXT', byProvider: 'A' })
		);
		expect(awsFiltersKey({})).toBe('');
	});
});

describe('server-side filtering', () => {
	it('filters by input modality, streaming and lifecycle', () => {
		expect(ids({ inputModality: 'image' })).toEqual([
			'anthropic.claude-3-haiku-20240307-v1:0',
			'anthropic.claude-3-7-sonnet-20250219-v1:0',
			'amazon.nova-pro-v1:0'
		]);
		expect(ids({ streaming: false })).toEqual(['amazon.titan-embed-text-v2:0']);
		expect(ids({ lifecycle: 'LEGACY' })).toEqual(['amazon.titan-text-express-v1']);
	});
	it('filters by provider case-insensitively and by profile-only inference', () => {
		expect(ids({ provider: 'anthropic' })).toHaveLength(2);
		expect(ids({ inferenceType: 'INFERENCE_PROFILE' })).toEqual([
			'anthropic.claude-3-7-sonnet-20250219-v1:0',
			'amazon.nova-pro-v1:0'
		]);
	});
	it('searches id, name and provider, every word', () => {
		expect(ids({ search: 'haiku' })).toEqual(['anthropic.claude-3-haiku-20240307-v1:0']);
		expect(ids({ search: 'anthropic 3.7' })).toEqual(['anthropic.claude-3-7-sonnet-20250219-v1:0']);
		expect(ids({ search: 'amazon embed' })).toEqual(['amazon.titan-embed-text-v2:0']);
		expect(ids({ search: 'nothing-like-this' })).toEqual([]);
	});
	it('combines filters', () => {
		expect(
			ids({ provider: 'Amazon', outputModality: 'TEXT', customization: 'FINE_TUNING' })
		).toEqual(['amazon.titan-text-express-v1']);
	});
});

describe('AWS shapes → API shapes', () => {
	it('maps a summary, dates and the profile-only flag', () => {
		const m = toModel({
			modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/a',
			modelId: 'a',
			modelName: 'A',
			providerName: 'P',
			inferenceTypesSupported: ['INFERENCE_PROFILE'],
			modelLifecycle: { status: 'ACTIVE', startOfLifeTime: new Date('2024-03-13T08:00:00Z') }
		} as never);
		expect(m.requiresInferenceProfile).toBe(true);
		expect(m.responseStreamingSupported).toBeNull();
		expect(m.lifecycle).toEqual({ status: 'ACTIVE', startOfLifeTime: '2024-03-13T08:00:00.000Z' });
	});
	it('indexes inference profiles by the models they route to', () => {
		const index = indexProfiles([
			{
				inferenceProfileId: 'us.a',
				inferenceProfileName: 'US A',
				inferenceProfileArn: 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.a',
				models: [
					{ modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/a' },
					{ modelArn: 'arn:aws:bedrock:us-west-2::foundation-model/a' }
				],
				status: 'ACTIVE',
				type: 'SYSTEM_DEFINED'
			} as never,
			{
				inferenceProfileId: 'global.a',
				inferenceProfileName: 'Global A',
				models: [{ modelArn: 'arn:aws:bedrock:::foundation-model/a' }]
			} as never
		]);
		expect(index.get('a')?.map((p) => p.id)).toEqual(['global.a', 'us.a']);
	});
});

describe('fallback data', () => {
	it('has Titan Text Express, Claude V2 and Claude Instant, flagged as legacy samples', () => {
		expect(FALLBACK_MODELS.map((m) => m.modelId)).toEqual([
			'amazon.titan-text-express-v1',
			'anthropic.claude-v2',
			'anthropic.claude-instant-v1'
		]);
		for (const m of FALLBACK_MODELS) {
			expect(m.sample).toBe(true);
			expect(m.lifecycle.status).toBe('LEGACY');
		}
	});
	it('uses the caller’s region in ARNs and can be filtered like real data', () => {
		const models = fallbackModels('eu-west-1');
		expect(models[0]!.modelArn).toBe(
			'arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1'
		);
		expect(applyFilters(models, listModelsInput.parse({ provider: 'Anthropic' }))).toHaveLength(2);
	});
});
