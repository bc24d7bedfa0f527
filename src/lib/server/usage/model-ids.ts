/**
 * What a model id as called resolves to: the base foundation model and the inference profile,
 * if any. Ledger rows keep both so a call through `us.anthropic…` is still found (and priced)
 * as the Anthropic model it runs.
 */

/** System cross-Region profiles are the base id with a geography prefix. */
const PROFILE_PREFIX = /^(us|eu|apac|jp|au|ca|us-gov|global)\.(.+)$/;

export interface ResolvedModelId {
	/** null when it cannot be told from the id (an application inference profile's ARN). */
	baseModelId: string | null;
	inferenceProfileId: string | null;
}

export function resolveModelId(modelId: string): ResolvedModelId {
	const arn = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(modelId);
	if (arn) {
		const [, kind, rest] = arn as unknown as [string, string, string];
		if (kind === 'foundation-model') return { baseModelId: rest, inferenceProfileId: null };
		if (kind === 'inference-profile')
			return { baseModelId: PROFILE_PREFIX.exec(rest)?.[2] ?? null, inferenceProfileId: modelId };
		// application-inference-profile, provisioned-model, custom-model: opaque ids.
		return { baseModelId: null, inferenceProfileId: kind.endsWith('profile') ? modelId : null };
	}
	const profile = PROFILE_PREFIX.exec(modelId);
	if (profile) return { baseModelId: profile[2] ?? null, inferenceProfileId: modelId };
	return { baseModelId: modelId, inferenceProfileId: null };
}
