/**
 * invoke.*: the playground's calls with the caller's stored credentials. Errors carry the AWS
 * error name and a hint; when a model needs an inference profile, the hint lists the profiles
 * this region offers for it (from the model cache when the catalog was browsed).
 */
import type {
	ConverseInput,
	ConverseOutput,
	ConverseStreamEvent,
	InvokeModelInput,
	InvokeModelOutput
} from '../../schemas/invoke';
import type { HintContext } from '../aws/hints';
import { modelsCache } from '../cache/models';
import { converse, converseStream, invokeModel } from '../aws/runtime';
import type { BedrockAccess } from '../access/types';

function hintContext(access: BedrockAccess, modelId: string): HintContext {
	const base = modelId.replace(/^(us|eu|apac|global)\./, '');
	const profiles = modelsCache.getProfiles(access.cacheKey)?.get(base);
	return { modelId, ...(profiles?.length ? { profileIds: profiles.map((p) => p.id) } : {}) };
}

/** `signal`: the HTTP request's, so a caller that hangs up stops paying for the answer. */
export async function converseWith(
	access: BedrockAccess,
	input: ConverseInput,
	signal?: AbortSignal
): Promise<ConverseOutput> {
	return converse(await access.clients(), input, hintContext(access, input.modelId), signal);
}

export async function* converseStreamWith(
	access: BedrockAccess,
	input: ConverseInput,
	signal?: AbortSignal
): AsyncGenerator<ConverseStreamEvent> {
	const clients = await access.clients();
	yield* converseStream(clients, input, hintContext(access, input.modelId), signal);
}

export async function invokeModelWith(
	access: BedrockAccess,
	input: InvokeModelInput,
	signal?: AbortSignal
): Promise<InvokeModelOutput> {
	return invokeModel(
		await access.clients(),
		input.modelId,
		input.body,
		hintContext(access, input.modelId),
		signal
	);
}
