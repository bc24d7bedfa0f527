// generate() plus the account's prompt cache: what every runtime operation calls.
import type { OperationRequest } from '../context';
import { generate, type Generation, type GenerationRequest } from '../generation';

export function generateWithCache(op: OperationRequest, req: GenerationRequest): Generation {
	const gen = generate(req);
	const outcome = op.ctx.state.promptCache.apply(
		op.caller.key.accountId,
		req.modelId,
		req.cachePrefix,
		gen.inputTokens
	);
	return { ...gen, ...outcome };
}
