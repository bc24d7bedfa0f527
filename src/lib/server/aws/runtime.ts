/**
 * Runtime calls the playground and the connection test make: Converse, ConverseStream,
 * InvokeModel and InvokeModelWithResponseStream.
 *
 * Streams take an AbortSignal: when the browser goes away the router aborts it, the SDK resets
 * the HTTP/2 stream, and Bedrock stops generating (and billing) tokens.
 */
import {
	ConverseCommand,
	ConverseStreamCommand,
	InvokeModelCommand,
	InvokeModelWithResponseStreamCommand
} from '@aws-sdk/client-bedrock-runtime';
import type {
	ConverseInput,
	ConverseOutput,
	ConverseStreamEvent,
	InvokeModelOutput,
	TokenUsage
} from '../../schemas/invoke';
import { converseRequest } from '../../schemas/converse-request';
import { resilienceConfig } from '../resilience/config';
import { callDeadlines, DeadlineExpired, type DeadlineKind } from '../resilience/stream-deadlines';
import type { BedrockCallError } from './errors';
import type { BedrockClients } from './clients';
import type { HintContext } from './hints';

/**
 * What a call reported besides its answer, filled in as the call goes, for the usage ledger:
 * AWS's request id and (InvokeModel) the response headers that carry the token counts.
 */
export interface CallTrace {
	requestId?: string;
	headers?: Record<string, string>;
}

function traceError(trace: CallTrace | undefined, err: unknown) {
	const requestId = (err as { $metadata?: { requestId?: string } })?.$metadata?.requestId;
	if (trace && requestId) trace.requestId = requestId;
}

/** Keeps the raw response headers of one command (InvokeModel's token counts live there). */
function captureHeaders<C extends InvokeModelCommand>(command: C, trace?: CallTrace): C {
	if (!trace) return command;
	command.middlewareStack.add(
		(next) => async (args) => {
			const result = await next(args);
			const headers = (result.response as { headers?: Record<string, string> }).headers;
			if (headers) trace.headers = headers;
			return result;
		},
		{ step: 'deserialize', name: 'captureBedrockHeaders' }
	);
	return command;
}

/** The stream's last event as AWS reports it; the service adds what the ledger recorded. */
export type StreamMetadata = Omit<Extract<ConverseStreamEvent, { type: 'metadata' }>, 'recorded'>;

const elapsed = (start: number) => Math.max(0, Math.round(performance.now() - start));

function usageOf(u: Partial<TokenUsage> | undefined): TokenUsage {
	const inputTokens = u?.inputTokens ?? 0;
	const outputTokens = u?.outputTokens ?? 0;
	return {
		inputTokens,
		outputTokens,
		totalTokens: u?.totalTokens ?? inputTokens + outputTokens,
		...(u?.cacheReadInputTokens !== undefined
			? { cacheReadInputTokens: u.cacheReadInputTokens }
			: {}),
		...(u?.cacheWriteInputTokens !== undefined
			? { cacheWriteInputTokens: u.cacheWriteInputTokens }
			: {})
	};
}

export async function converse(
	clients: BedrockClients,
	input: ConverseInput,
	ctx: HintContext = {},
	signal?: AbortSignal,
	trace?: CallTrace
): Promise<Omit<ConverseOutput, 'recorded'>> {
	const start = performance.now();
	const deadlines = callDeadlines({ callMs: resilienceConfig().AWS_CALL_TIMEOUT_MS, signal });
	try {
		const out = await clients.runtime.send(new ConverseCommand(converseRequest(input)), {
			abortSignal: deadlines.signal
		});
		if (trace) trace.requestId = out.$metadata.requestId;
		const text = (out.output?.message?.content ?? []).map((block) => block.text ?? '').join('');
		return {
			modelId: input.modelId,
			text,
			stopReason: out.stopReason ?? 'unknown',
			usage: usageOf(out.usage),
			latencyMs: out.metrics?.latencyMs ?? elapsed(start),
			durationMs: elapsed(start)
		};
	} catch (err) {
		traceError(trace, err);
		throw clients.describe(deadlineOr(err, deadlines.expired), {
			iamAction: 'bedrock:InvokeModel',
			modelId: input.modelId,
			...ctx
		});
	} finally {
		deadlines.done();
	}
}

/** A deadline that fired is the failure, whatever the SDK reported for the abort it caused. */
function deadlineOr(err: unknown, expired: DeadlineKind | undefined): unknown {
	return expired ? new DeadlineExpired(expired) : err;
}

/** The last event of a stream that failed after producing text. */
function interrupted(
	reason: DeadlineKind | 'stream_broken',
	failure: BedrockCallError
): ConverseStreamEvent {
	return {
		type: 'interrupted',
		reason,
		message: failure.message,
		retryable: failure.retryable,
		awsError: failure.awsError,
		hint: failure.hint
	};
}

function isAbort(err: unknown, signal?: AbortSignal) {
	return signal?.aborted === true || (err as { name?: string })?.name === 'AbortError';
}

/**
 * Yields text deltas, the stop reason, then usage and metrics. Ends quietly when the caller
 * aborts. When the stream fails after text was sent (AWS broke it, it went silent for
 * AWS_STREAM_IDLE_TIMEOUT_MS, or the call passed AWS_CALL_TIMEOUT_MS), it ends with an
 * `interrupted` event instead of an error, so the caller keeps what was produced; before any
 * text, the failure is thrown as a typed error as before.
 */
export async function* converseStream(
	clients: BedrockClients,
	input: ConverseInput,
	ctx: HintContext = {},
	signal?: AbortSignal,
	trace?: CallTrace
): AsyncGenerator<Exclude<ConverseStreamEvent, { type: 'metadata' }> | StreamMetadata> {
	const start = performance.now();
	let firstTokenMs: number | null = null;
	let produced = false;
	const limits = resilienceConfig();
	const deadlines = callDeadlines({
		callMs: limits.AWS_CALL_TIMEOUT_MS,
		idleMs: limits.AWS_STREAM_IDLE_TIMEOUT_MS,
		signal
	});
	const describe = (err: unknown) =>
		clients.describe(deadlineOr(err, deadlines.expired), {
			iamAction: 'bedrock:InvokeModelWithResponseStream',
			modelId: input.modelId,
			...ctx
		});
	try {
		let stream;
		try {
			const out = await clients.runtime.send(new ConverseStreamCommand(converseRequest(input)), {
				abortSignal: deadlines.signal
			});
			if (trace) trace.requestId = out.$metadata.requestId;
			stream = out.stream;
		} catch (err) {
			traceError(trace, err);
			if (!deadlines.expired && isAbort(err, signal)) return;
			throw describe(err);
		}
		if (!stream) return;
		deadlines.touch();
		try {
			for await (const event of stream) {
				deadlines.touch();
				if (signal?.aborted) return;
				if (event.contentBlockDelta?.delta?.text !== undefined) {
					firstTokenMs ??= elapsed(start);
					produced = true;
					yield { type: 'delta', text: event.contentBlockDelta.delta.text };
				} else if (event.messageStop) {
					yield { type: 'stop', stopReason: event.messageStop.stopReason ?? 'unknown' };
				} else if (event.metadata) {
					yield {
						type: 'metadata',
						usage: usageOf(event.metadata.usage),
						latencyMs: event.metadata.metrics?.latencyMs ?? elapsed(start),
						firstTokenMs,
						durationMs: elapsed(start)
					};
				} else {
					const failure =
						event.throttlingException ??
						event.validationException ??
						event.modelStreamErrorException ??
						event.internalServerException ??
						event.serviceUnavailableException;
					if (failure) throw failure;
				}
			}
			// An abort can end the SDK's event stream quietly instead of with an error.
			if (deadlines.expired) throw new DeadlineExpired(deadlines.expired);
		} catch (err) {
			traceError(trace, err);
			if (!deadlines.expired && isAbort(err, signal)) return;
			const failure = describe(err);
			if (!produced) throw failure;
			yield interrupted(deadlines.expired ?? 'stream_broken', failure);
		}
	} finally {
		deadlines.done();
	}
}

/** InvokeModel and its streaming twin take the same native JSON request. */
function nativeRequest(modelId: string, body: Record<string, unknown>) {
	return {
		modelId,
		contentType: 'application/json',
		accept: 'application/json',
		body: new TextEncoder().encode(JSON.stringify(body))
	};
}

function parseJsonBody(bytes: Uint8Array | undefined): unknown {
	const text = new TextDecoder().decode(bytes ?? new Uint8Array());
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export async function invokeModel(
	clients: BedrockClients,
	modelId: string,
	body: Record<string, unknown>,
	ctx: HintContext = {},
	signal?: AbortSignal,
	trace?: CallTrace
): Promise<Omit<InvokeModelOutput, 'recorded'>> {
	const start = performance.now();
	const deadlines = callDeadlines({ callMs: resilienceConfig().AWS_CALL_TIMEOUT_MS, signal });
	try {
		const command = captureHeaders(new InvokeModelCommand(nativeRequest(modelId, body)), trace);
		const out = await clients.runtime.send(command, { abortSignal: deadlines.signal });
		if (trace) trace.requestId = out.$metadata.requestId;
		return {
			modelId,
			contentType: out.contentType ?? 'application/json',
			body: parseJsonBody(out.body),
			durationMs: elapsed(start)
		};
	} catch (err) {
		traceError(trace, err);
		throw clients.describe(deadlineOr(err, deadlines.expired), {
			iamAction: 'bedrock:InvokeModel',
			modelId,
			...ctx
		});
	} finally {
		deadlines.done();
	}
}

/** Streams a native body and returns the decoded chunks (used by the connection test). */
export async function invokeModelWithResponseStream(
	clients: BedrockClients,
	modelId: string,
	body: Record<string, unknown>,
	signal?: AbortSignal,
	trace?: CallTrace
): Promise<{ chunks: unknown[]; durationMs: number }> {
	const start = performance.now();
	const chunks: unknown[] = [];
	const limits = resilienceConfig();
	const deadlines = callDeadlines({
		callMs: limits.AWS_CALL_TIMEOUT_MS,
		idleMs: limits.AWS_STREAM_IDLE_TIMEOUT_MS,
		signal
	});
	try {
		const out = await clients.runtime.send(
			new InvokeModelWithResponseStreamCommand(nativeRequest(modelId, body)),
			{ abortSignal: deadlines.signal }
		);
		deadlines.touch();
		if (trace) trace.requestId = out.$metadata.requestId;
		for await (const event of out.body ?? []) {
			deadlines.touch();
			if (event.chunk?.bytes) chunks.push(parseJsonBody(event.chunk.bytes));
			const failure =
				event.throttlingException ??
				event.validationException ??
				event.modelStreamErrorException ??
				event.modelTimeoutException ??
				event.internalServerException ??
				event.serviceUnavailableException;
			if (failure) throw failure;
		}
		if (deadlines.expired) throw new DeadlineExpired(deadlines.expired);
		return { chunks, durationMs: elapsed(start) };
	} catch (err) {
		traceError(trace, err);
		throw clients.describe(deadlineOr(err, deadlines.expired), {
			iamAction: 'bedrock:InvokeModelWithResponseStream',
			modelId
		});
	} finally {
		deadlines.done();
	}
}
