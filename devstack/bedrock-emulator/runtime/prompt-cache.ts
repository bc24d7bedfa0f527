// Prompt caching as Bedrock documents it. A cache checkpoint (Converse: a `cachePoint` block in
// `system` or a message's content; Anthropic's native body: `cache_control` on a block) marks
// everything before it as a cacheable prefix. The first request with that prefix writes it
// (`cacheWriteInputTokens`); the same prefix from the same account and model within the TTL
// (5 minutes, or 1 hour with `ttl: '1h'`) reads it (`cacheReadInputTokens`) and restarts the
// TTL. Input tokens then count only what follows the checkpoint, so input + read + write is the
// whole prompt. Only the models in AWS's supported-models table cache (others ignore the
// checkpoint), and a prefix below the model's minimum checkpoint size is not cached at all.
// With several checkpoints the emulator uses the last one.
import { createHash } from 'node:crypto';
import type { JsonObject } from './formats/format';

export interface CachePrefix {
	/** The text before the checkpoint, as the generator sees it. */
	text: string;
	ttlMs: number;
}

export interface CacheOutcome {
	inputTokens: number;
	cacheReadInputTokens: number;
	cacheWriteInputTokens: number;
}

/** AWS's table: model family → minimum tokens per cache checkpoint. */
const CACHING_MODELS: [RegExp, number][] = [
	[/^anthropic\.claude-(haiku-4-5|opus-4-5)/, 4096],
	[/^anthropic\.claude-3-5-haiku/, 2048],
	[/^anthropic\.claude-(3-7-sonnet|sonnet-4|opus-4)/, 1024],
	[/^amazon\.nova-(micro|lite|pro|premier)/, 1000]
];

/** The minimum prefix a checkpoint needs on this model; undefined when it does not cache. */
export function minCacheTokens(modelId: string): number | undefined {
	return CACHING_MODELS.find(([pattern]) => pattern.test(modelId))?.[1];
}
const TTL_MS: Record<string, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

/** `ttl` of a cachePoint / cache_control (absent: 5 minutes); undefined for an unknown value. */
export function cacheTtlMs(marker: unknown): number | undefined {
	const ttl = (marker as JsonObject | null)?.ttl;
	return ttl === undefined ? TTL_MS['5m'] : TTL_MS[String(ttl)];
}

export class PromptCache {
	private readonly expiries = new Map<string, number>();

	apply(
		scope: string,
		modelId: string,
		prefix: CachePrefix | undefined,
		totalInputTokens: number,
		now = Date.now()
	): CacheOutcome {
		const none = {
			inputTokens: totalInputTokens,
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: 0
		};
		const minimum = minCacheTokens(modelId);
		if (!prefix || minimum === undefined) return none;
		const prefixTokens = Math.min(totalInputTokens, Math.ceil(prefix.text.length / 4));
		if (prefixTokens < minimum) return none;
		const key = createHash('sha256')
			.update(JSON.stringify([scope, modelId, prefix.text]))
			.digest('hex');
		const hit = (this.expiries.get(key) ?? 0) > now;
		this.expiries.set(key, now + prefix.ttlMs);
		return {
			inputTokens: totalInputTokens - prefixTokens,
			cacheReadInputTokens: hit ? prefixTokens : 0,
			cacheWriteInputTokens: hit ? 0 : prefixTokens
		};
	}

	clear(): void {
		this.expiries.clear();
	}
}
