/**
 * The connection test's model invocations (InvokeModel, then its streaming twin) are real,
 * billed AWS calls: each becomes a ledger row with operation `connection_test`, and how it
 * ended is returned for the budget hold around both (connection-test/service.ts).
 */
import type { CallTrace } from '../aws/runtime';
import { awsErrorName } from './aws-error';
import { recordUsage } from './recorder';
import { tokensFromInvocationMetrics, tokensFromInvokeHeaders, UNKNOWN_TOKENS } from './tokens';

export interface ConnectionInvocation {
	kind: 'invoke' | 'stream';
	modelId: string;
	requestBody: Record<string, unknown>;
	trace: CallTrace;
	/** Wall-clock milliseconds. */
	ms: number;
	value?: { body?: unknown; chunks?: unknown[] };
	error?: unknown;
}

/** AWS answered with an error (not billed), or answered with this cost (null: unknown). */
export type InvocationEnd = { answered: false } | { answered: true; costUsd: number | null };

export function recordConnectionInvocation(
	userId: string,
	region: string,
	invocation: ConnectionInvocation
): InvocationEnd {
	const { kind, modelId, requestBody, trace, ms, value, error } = invocation;
	const base = {
		userId,
		modelId,
		region,
		operation: 'connection_test' as const,
		durationMs: ms,
		awsRequestId: trace.requestId ?? null,
		at: new Date(Date.now() - ms)
	};
	if (error !== undefined || !value) {
		recordUsage({
			...base,
			status: 'error',
			awsError: awsErrorName(error),
			...UNKNOWN_TOKENS,
			awsLatencyMs: null,
			firstTokenMs: null
		});
		return { answered: false };
	}
	const measured =
		kind === 'stream'
			? tokensFromInvocationMetrics(value.chunks ?? [], requestBody)
			: {
					...tokensFromInvokeHeaders(trace.headers, requestBody, value.body),
					firstTokenMs: null
				};
	const recorded = recordUsage({ ...base, status: 'ok', awsError: null, ...measured });
	return { answered: true, costUsd: recorded.costUsd };
}
