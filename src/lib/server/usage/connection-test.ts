/**
 * The connection test's model invocations (InvokeModel, then its streaming twin) are real,
 * billed AWS calls: each becomes a ledger row with operation `connection_test`.
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

export function recordConnectionInvocation(
	userId: string,
	region: string,
	invocation: ConnectionInvocation
): void {
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
		return;
	}
	const measured =
		kind === 'stream'
			? tokensFromInvocationMetrics(value.chunks ?? [], requestBody)
			: {
					...tokensFromInvokeHeaders(trace.headers, requestBody, value.body),
					firstTokenMs: null
				};
	recordUsage({ ...base, status: 'ok', awsError: null, ...measured });
}
