/**
 * Foundation model catalog: filters, the model shape the pages show, list and get results.
 *
 * Filters the Bedrock API supports are passed to ListFoundationModels; the rest (input modality,
 * streaming, lifecycle, free text, the inference-profile-only type) are applied by the server.
 * Enum filters accept any letter case. Isomorphic.
 */
import { z } from 'zod';

export const MODALITIES = ['TEXT', 'IMAGE', 'EMBEDDING', 'VIDEO', 'SPEECH'] as const;
export const INFERENCE_TYPES = ['ON_DEMAND', 'PROVISIONED', 'INFERENCE_PROFILE'] as const;
export const CUSTOMIZATION_TYPES = [
	'FINE_TUNING',
	'CONTINUED_PRE_TRAINING',
	'DISTILLATION'
] as const;
export const LIFECYCLE_STATUSES = ['ACTIVE', 'LEGACY'] as const;

function upperEnum<const T extends readonly [string, ...string[]]>(values: T, what: string) {
	return z
		.string({ error: `${what} must be one of ${values.join(', ')}` })
		.trim()
		.toUpperCase()
		.pipe(z.enum(values, { error: `${what} must be one of ${values.join(', ')}` }));
}

/** Model ids, inference profile ids and ARNs (foundation-model, inference-profile, provisioned). */
export const modelIdSchema = z
	.string({ error: 'Enter a model id' })
	.trim()
	.min(1, { error: 'Enter a model id' })
	.max(2048, { error: 'A model id is at most 2048 characters' })
	.regex(/^[A-Za-z0-9][A-Za-z0-9.:/_-]*$/, {
		error:
			'A model id contains only letters, digits and . : / _ - (e.g. anthropic.claude-3-haiku-20240307-v1:0)'
	});

export const listModelsInput = z
	.object({
		provider: z
			.string({ error: 'provider must be text' })
			.trim()
			.regex(/^[A-Za-z0-9- ]{1,63}$/, {
				error:
					'provider is a provider name such as Anthropic, Amazon or Meta (letters, digits, spaces, -)'
			})
			.optional(),
		inputModality: upperEnum(MODALITIES, 'inputModality').optional(),
		outputModality: upperEnum(MODALITIES, 'outputModality').optional(),
		inferenceType: upperEnum(INFERENCE_TYPES, 'inferenceType').optional(),
		customization: upperEnum(CUSTOMIZATION_TYPES, 'customization').optional(),
		streaming: z.boolean({ error: 'streaming must be true or false' }).optional(),
		lifecycle: upperEnum(LIFECYCLE_STATUSES, 'lifecycle').optional(),
		search: z
			.string({ error: 'search must be text' })
			.trim()
			.max(200, { error: 'search is at most 200 characters' })
			.optional(),
		/** Serve sample data (flagged) instead of failing when AWS refuses; default true. */
		useFallbackOnError: z.boolean({ error: 'useFallbackOnError must be true or false' }).optional()
	})
	.default({});
export type ListModelsInput = z.infer<typeof listModelsInput>;

/** One destination of an inference profile: a foundation model ARN and what it names. */
export const profileRouteSchema = z.object({
	modelArn: z.string(),
	/** The destination Region; `null` for a global profile's "any Region" entry (`arn:aws:bedrock:::…`). */
	region: z.string().nullable(),
	modelId: z.string()
});
export type ProfileRoute = z.infer<typeof profileRouteSchema>;

/** An inference profile as ListInferenceProfiles describes it. */
export const inferenceProfileRefSchema = z.object({
	id: z.string(),
	name: z.string(),
	arn: z.string().optional(),
	/** `ACTIVE` today; kept as text so a status AWS adds later still shows. */
	status: z.string(),
	/** `SYSTEM_DEFINED` or `APPLICATION`. */
	type: z.string(),
	description: z.string().optional(),
	/** Where requests through the profile may run, in AWS's order. */
	models: z.array(profileRouteSchema)
});
export type InferenceProfileRef = z.infer<typeof inferenceProfileRefSchema>;

export const modelLifecycleSchema = z.object({
	status: z.string(),
	startOfLifeTime: z.string().optional(),
	legacyTime: z.string().optional(),
	publicExtendedAccessTime: z.string().optional(),
	endOfLifeTime: z.string().optional()
});

export const modelSchema = z.object({
	modelId: z.string(),
	modelArn: z.string(),
	modelName: z.string(),
	providerName: z.string(),
	inputModalities: z.array(z.string()),
	outputModalities: z.array(z.string()),
	/** `null` when AWS does not say (some image and embedding models omit the field). */
	responseStreamingSupported: z.boolean().nullable(),
	customizationsSupported: z.array(z.string()),
	inferenceTypesSupported: z.array(z.string()),
	lifecycle: modelLifecycleSchema,
	/** System-defined cross-region inference profiles in this region that serve the model. */
	inferenceProfiles: z.array(inferenceProfileRefSchema),
	/** True when the model cannot be invoked by its bare id (only through an inference profile). */
	requiresInferenceProfile: z.boolean(),
	/** True for the built-in sample entries shown when the user's credentials cannot be used. */
	sample: z.boolean()
});
export type Model = z.infer<typeof modelSchema>;

export const listModelsOutput = z.object({
	models: z.array(modelSchema),
	/** True when `models` is built-in sample data, not the user's AWS catalog; `reason` says why. */
	usingFallback: z.boolean(),
	reason: z.string().optional(),
	/** When AWS failed: its error name and what to do about it. */
	awsError: z.string().optional(),
	hint: z.string().optional(),
	region: z.string()
});
export type ListModelsOutput = z.infer<typeof listModelsOutput>;

export const getModelInput = z.object({ modelId: modelIdSchema });

export const getModelOutput = z.object({
	model: modelSchema,
	usingFallback: z.boolean(),
	reason: z.string().optional(),
	region: z.string()
});
export type GetModelOutput = z.infer<typeof getModelOutput>;
