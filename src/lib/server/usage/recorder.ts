/**
 * recordUsage: turns what one AWS call reported into a ledger row (base model, profile, cost,
 * price data version), queues it for writing, and returns the figures the invoke procedures
 * hand back. Called once per AWS call, success or not, from invoke/ and connection-test/.
 */
import { registerDrainTask } from '../resilience/drain';
import type { RecordedUsage, UsageOperation, UsageStatus } from '../../schemas/usage';
import { getSql } from '../db/client';
import { callTarget, type CallTarget } from './call-targets';
import { costOf, PRICE_DATA_VERSION, type CallTokens } from './pricing';
import { UsageQueue } from './queue';

export interface UsageCall extends CallTokens {
	userId: string;
	modelId: string;
	region: string;
	operation: UsageOperation;
	status: UsageStatus;
	awsError: string | null;
	awsLatencyMs: number | null;
	durationMs: number;
	firstTokenMs: number | null;
	awsRequestId: string | null;
	/** When the call started (defaults to now). */
	at?: Date;
	/** What the model id runs, when an opaque ARN was resolved (call-targets.ts). */
	target?: CallTarget;
}

const DEFAULT_RETRY_FOR_MS = 60_000;

function retryForMs(): number {
	const raw = Number(process.env.USAGE_RETRY_FOR_MS);
	return Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_RETRY_FOR_MS;
}

/** The server's one ledger queue. */
export const usageQueue = new UsageQueue({ sql: getSql, retryForMs: retryForMs() });

const whole = (n: number | null) => (n === null ? null : Math.max(0, Math.round(n)));

export function recordUsage(call: UsageCall, queue: UsageQueue = usageQueue): RecordedUsage {
	const at = call.at ?? new Date();
	const target = call.target ?? callTarget(call.modelId, null);
	const { baseModelId, inferenceProfileId, pricingModelId } = target;
	const tokens: CallTokens = {
		inputTokens: whole(call.inputTokens),
		outputTokens: whole(call.outputTokens),
		cacheReadTokens: whole(call.cacheReadTokens),
		cacheWriteTokens: whole(call.cacheWriteTokens)
	};
	// No per-token price (a provisioned model, an unresolved ARN): unknown, never 0.
	const costUsd = pricingModelId ? costOf(pricingModelId, baseModelId, tokens, at) : null;
	const recorded: RecordedUsage = {
		...tokens,
		costUsd,
		priceVersion: PRICE_DATA_VERSION,
		awsLatencyMs: whole(call.awsLatencyMs),
		durationMs: whole(call.durationMs) ?? 0,
		firstTokenMs: whole(call.firstTokenMs)
	};
	queue.enqueue({
		user_id: call.userId,
		model_id: call.modelId,
		base_model_id: baseModelId,
		inference_profile_id: inferenceProfileId,
		region: call.region,
		operation: call.operation,
		status: call.status,
		aws_error: call.awsError,
		input_tokens: recorded.inputTokens,
		output_tokens: recorded.outputTokens,
		cache_read_tokens: recorded.cacheReadTokens,
		cache_write_tokens: recorded.cacheWriteTokens,
		aws_latency_ms: recorded.awsLatencyMs,
		duration_ms: recorded.durationMs,
		first_token_ms: recorded.firstTokenMs,
		cost_usd: costUsd,
		price_version: PRICE_DATA_VERSION,
		aws_request_id: call.awsRequestId,
		created_at: at.toISOString()
	});
	return recorded;
}

/** Writes every queued row now (SIGTERM drain, tests). */
export function flushUsage(): Promise<void> {
	return usageQueue.flush();
}

// A rolling deploy must lose no ledger row: SIGTERM writes the queue before the pool closes.
registerDrainTask('usage-ledger', flushUsage);
