/**
 * The most output tokens a model may be asked for, as its provider documents it on Bedrock.
 * AWS's model catalog (ListFoundationModels) does not say, so the app keeps this small table;
 * a model it does not list is capped at LIMIT_MAX_TOKENS instead. Most specific entries first.
 * Model ids are matched without a cross-Region profile prefix (`us.`, `eu.`, `global.` …).
 */
const OUTPUT_LIMITS: readonly (readonly [RegExp, number])[] = [
	[/^amazon\.titan-text-lite-v1/, 4096],
	[/^amazon\.titan-text-express-v1/, 8192],
	[/^amazon\.titan-text-premier-v1/, 3072],
	[/^amazon\.nova-premier-v1/, 32_000],
	[/^amazon\.nova-(micro|lite|pro)-v1/, 5000],
	[/^anthropic\.claude-(v2|instant-v1)/, 4096],
	[/^anthropic\.claude-3-(haiku|sonnet|opus)-/, 4096],
	[/^anthropic\.claude-3-5-(haiku|sonnet)-/, 8192],
	[/^anthropic\.claude-3-7-sonnet-/, 64_000],
	[/^anthropic\.claude-opus-4-(1-|2025)/, 32_000],
	[/^anthropic\.claude-opus-4-(5|6)/, 64_000],
	[/^anthropic\.claude-(sonnet|haiku)-4/, 64_000],
	[/^meta\.llama/, 2048],
	[/^mistral\.mixtral-8x7b/, 4096],
	[/^mistral\.(mistral-(7b|large|small)|pixtral-large)/, 8192],
	[/^cohere\.command/, 4000],
	[/^ai21\.jamba/, 4096],
	[/^deepseek\.r1/, 32_768]
];

const PROFILE_PREFIX = /^(us|us-gov|eu|apac|jp|au|ca|global)\./;

/** The model id inside a foundation-model or inference-profile ARN, else the id itself. */
function baseModelId(modelId: string): string {
	const resource = modelId.startsWith('arn:') ? (modelId.split('/').pop() ?? modelId) : modelId;
	return resource.replace(PROFILE_PREFIX, '');
}

/** The documented output limit, or `undefined` when this table does not know the model. */
export function knownOutputTokenLimit(modelId: string): number | undefined {
	const id = baseModelId(modelId);
	return OUTPUT_LIMITS.find(([pattern]) => pattern.test(id))?.[1];
}
