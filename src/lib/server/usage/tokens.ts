/**
 * Token counts from what each kind of Bedrock call reports. A count AWS did not report is
 * null (unknown), never 0; a cache count is 0 only when caching cannot have happened or AWS's
 * usage block was there and said nothing about the cache (Bedrock omits zero cache fields).
 */
import type { TokenUsage } from '../../schemas/invoke';
import type { CallTokens } from './pricing';

export const UNKNOWN_TOKENS: CallTokens = {
	inputTokens: null,
	outputTokens: null,
	cacheReadTokens: null,
	cacheWriteTokens: null
};

/** Converse and ConverseStream's `usage` (inputTokens already excludes cache tokens). */
export function tokensFromConverse(usage: TokenUsage): CallTokens {
	return {
		inputTokens: usage.inputTokens,
		outputTokens: usage.outputTokens,
		cacheReadTokens: usage.cacheReadInputTokens ?? 0,
		cacheWriteTokens: usage.cacheWriteInputTokens ?? 0
	};
}

const count = (value: unknown): number | null => {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
};

/** Whether a native request asked for prompt caching (Anthropic cache_control, Nova cachePoint). */
function asksForCache(requestBody: unknown): boolean {
	return /"(cache_control|cachePoint)"/.test(JSON.stringify(requestBody ?? null));
}

function looksLikeEmbedding(responseBody: unknown): boolean {
	return (
		typeof responseBody === 'object' &&
		responseBody !== null &&
		('embedding' in responseBody || 'embeddings' in responseBody)
	);
}

/** Anthropic's native body reports cache tokens in `usage` (input_tokens excludes them too). */
function anthropicCache(responseBody: unknown): { read: number | null; write: number | null } {
	const usage = (responseBody as { usage?: Record<string, unknown> } | null)?.usage;
	return {
		read: count(usage?.cache_read_input_tokens),
		write: count(usage?.cache_creation_input_tokens)
	};
}

function cacheCounts(
	reportedRead: number | null,
	reportedWrite: number | null,
	requestBody: unknown,
	responseBody: unknown
) {
	const body = anthropicCache(responseBody);
	const fallback = asksForCache(requestBody) ? null : 0;
	return {
		cacheReadTokens: reportedRead ?? body.read ?? fallback,
		cacheWriteTokens: reportedWrite ?? body.write ?? fallback
	};
}

/** InvokeModel: Bedrock's x-amzn-bedrock-*-token-count response headers. */
export function tokensFromInvokeHeaders(
	headers: Record<string, string> | undefined,
	requestBody: unknown,
	responseBody: unknown
): CallTokens & { awsLatencyMs: number | null } {
	const h = headers ?? {};
	const output = count(h['x-amzn-bedrock-output-token-count']);
	return {
		inputTokens: count(h['x-amzn-bedrock-input-token-count']),
		// Embedding models produce no output tokens and AWS sends no output header for them.
		outputTokens: output ?? (looksLikeEmbedding(responseBody) ? 0 : null),
		...cacheCounts(
			count(h['x-amzn-bedrock-cache-read-input-token-count']),
			count(h['x-amzn-bedrock-cache-write-input-token-count']),
			requestBody,
			responseBody
		),
		awsLatencyMs: count(h['x-amzn-bedrock-invocation-latency'])
	};
}

/** InvokeModelWithResponseStream: the last chunk's `amazon-bedrock-invocationMetrics`. */
export function tokensFromInvocationMetrics(
	chunks: unknown[],
	requestBody: unknown
): CallTokens & { awsLatencyMs: number | null; firstTokenMs: number | null } {
	const metrics = chunks
		.map(
			(c) =>
				(c as Record<string, unknown> | null)?.['amazon-bedrock-invocationMetrics'] as
					Record<string, unknown> | undefined
		)
		.findLast(Boolean);
	if (!metrics) return { ...UNKNOWN_TOKENS, awsLatencyMs: null, firstTokenMs: null };
	return {
		inputTokens: count(metrics.inputTokenCount),
		outputTokens: count(metrics.outputTokenCount),
		...cacheCounts(
			count(metrics.cacheReadInputTokenCount),
			count(metrics.cacheWriteInputTokenCount),
			requestBody,
			null
		),
		awsLatencyMs: count(metrics.invocationLatency),
		firstTokenMs: count(metrics.firstByteLatency)
	};
}
