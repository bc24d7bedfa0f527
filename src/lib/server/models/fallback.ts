/**
 * Sample catalog shown when a user's credentials are missing or fail and the caller asked for
 * fallback data (the seed's behaviour). Deliberately old, well-known models, each flagged
 * `sample: true`, and every response that uses them says `usingFallback: true` with the reason.
 */
import type { Model } from '../../schemas/models';

function sample(
	modelId: string,
	modelName: string,
	providerName: string,
	startOfLifeTime: string
): Model {
	return {
		modelId,
		modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}`,
		modelName,
		providerName,
		inputModalities: ['TEXT'],
		outputModalities: ['TEXT'],
		responseStreamingSupported: true,
		customizationsSupported: [],
		inferenceTypesSupported: ['ON_DEMAND'],
		lifecycle: { status: 'LEGACY', startOfLifeTime },
		inferenceProfiles: [],
		requiresInferenceProfile: false,
		sample: true
	};
}

export const FALLBACK_MODELS: readonly Model[] = Object.freeze([
	sample(
		'amazon.titan-text-express-v1',
		'Titan Text G1 - Express',
		'Amazon',
		'2023-11-29T00:00:00Z'
	),
	sample('anthropic.claude-v2', 'Claude', 'Anthropic', '2023-09-28T00:00:00Z'),
	sample('anthropic.claude-instant-v1', 'Claude Instant', 'Anthropic', '2023-09-28T00:00:00Z')
]);

export function fallbackModels(region: string): Model[] {
	return FALLBACK_MODELS.map((m) => ({
		...m,
		modelArn: `arn:aws:bedrock:${region}::foundation-model/${m.modelId}`
	}));
}
