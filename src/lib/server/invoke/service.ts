/**
 * invoke.*: the playground's calls with the caller's stored credentials. Errors carry the AWS
 * error name and a hint; when a model needs an inference profile, the hint lists the profiles
 * this region offers for it (from the model cache when the catalog was browsed).
 *
 * Every AWS call, answered, failed or abandoned, is recorded in the usage ledger (queued, off
 * the request path) and the recorded figures go back with the answer.
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
import { converse, converseStream, invokeModel, type CallTrace } from '../aws/runtime';
import type { BedrockAccess } from '../access/types';
import { recordUsage, type UsageCall } from '../usage/recorder';
import { awsErrorName } from '../usage/aws-error';
import { tokensFromConverse, tokensFromInvokeHeaders, UNKNOWN_TOKENS } from '../usage/tokens';

function hintContext(access: BedrockAccess, modelId: string): HintContext {
	const base = modelId.replace(/^(us|eu|apac|global)\./, '');
	const profiles = modelsCache.getProfiles(access.cacheKey)?.get(base);
	return { modelId, ...(profiles?.length ? { profileIds: profiles.map((p) => p.id) } : {}) };
}

/** `signal`: the HTTP request's, so a caller that hangs up stops paying for the answer. */
const elapsed = (start: number) => Math.round(performance.now() - start);

/** The ledger facts every call shares; the caller adds status, tokens and timings. */
function callOf(access: BedrockAccess, modelId: string, operation: UsageCall['operation']) {
	return { userId: access.userId, modelId, region: access.region, operation, at: new Date() };
}

/** A call that threw: an error, or `aborted` when the caller went away. */
function failedCall(
	err: unknown,
	signal: AbortSignal | undefined,
	start: number,
	trace: CallTrace
) {
	const aborted = signal?.aborted === true;
	return {
		status: aborted ? ('aborted' as const) : ('error' as const),
		awsError: aborted ? null : awsErrorName(err),
		...UNKNOWN_TOKENS,
		awsLatencyMs: null,
		durationMs: elapsed(start),
		firstTokenMs: null,
		awsRequestId: trace.requestId ?? null
	};
}

export async function converseWith(
	access: BedrockAccess,
	input: ConverseInput,
	signal?: AbortSignal
): Promise<ConverseOutput> {
	const clients = await access.clients();
	const call = callOf(access, input.modelId, 'converse');
	const start = performance.now();
	const trace: CallTrace = {};
	try {
		const out = await converse(clients, input, hintContext(access, input.modelId), signal, trace);
		const recorded = recordUsage({
			...call,
			status: 'ok',
			awsError: null,
			...tokensFromConverse(out.usage),
			awsLatencyMs: out.latencyMs,
			durationMs: out.durationMs,
			firstTokenMs: null,
			awsRequestId: trace.requestId ?? null
		});
		return { ...out, recorded };
	} catch (err) {
		recordUsage({ ...call, ...failedCall(err, signal, start, trace) });
		throw err;
	}
}

/**
 * Records the stream when it ends however it ends: with AWS's metadata (ok), with an error, or
 * abandoned by the client (aborted, tokens unknown: AWS reports them only in the last event).
 */
export async function* converseStreamWith(
	access: BedrockAccess,
	input: ConverseInput,
	signal?: AbortSignal
): AsyncGenerator<ConverseStreamEvent> {
	const clients = await access.clients();
	const call = callOf(access, input.modelId, 'converse_stream');
	const start = performance.now();
	const trace: CallTrace = {};
	let firstTokenMs: number | null = null;
	let done = false;
	try {
		const events = converseStream(
			clients,
			input,
			hintContext(access, input.modelId),
			signal,
			trace
		);
		for await (const event of events) {
			if (event.type === 'interrupted') {
				// AWS broke the stream or a deadline expired after text was sent: the caller keeps
				// the text, the ledger keeps an error row (tokens unknown: no metadata came).
				done = true;
				recordUsage({
					...call,
					status: 'error',
					awsError: event.awsError ?? null,
					...UNKNOWN_TOKENS,
					awsLatencyMs: null,
					durationMs: elapsed(start),
					firstTokenMs,
					awsRequestId: trace.requestId ?? null
				});
				yield event;
				continue;
			}
			if (event.type !== 'metadata') {
				if (event.type === 'delta') firstTokenMs ??= elapsed(start);
				yield event;
				continue;
			}
			done = true;
			const recorded = recordUsage({
				...call,
				status: 'ok',
				awsError: null,
				...tokensFromConverse(event.usage),
				awsLatencyMs: event.latencyMs,
				durationMs: event.durationMs,
				firstTokenMs: event.firstTokenMs,
				awsRequestId: trace.requestId ?? null
			});
			yield { ...event, recorded };
		}
	} catch (err) {
		done = true;
		recordUsage({ ...call, ...failedCall(err, signal, start, trace), firstTokenMs });
		throw err;
	} finally {
		if (!done) {
			recordUsage({
				...call,
				status: 'aborted',
				awsError: null,
				...UNKNOWN_TOKENS,
				awsLatencyMs: null,
				durationMs: elapsed(start),
				firstTokenMs,
				awsRequestId: trace.requestId ?? null
			});
		}
	}
}

export async function invokeModelWith(
	access: BedrockAccess,
	input: InvokeModelInput,
	signal?: AbortSignal
): Promise<InvokeModelOutput> {
	const clients = await access.clients();
	const call = callOf(access, input.modelId, 'invoke_model');
	const start = performance.now();
	const trace: CallTrace = {};
	try {
		const out = await invokeModel(
			clients,
			input.modelId,
			input.body,
			hintContext(access, input.modelId),
			signal,
			trace
		);
		const recorded = recordUsage({
			...call,
			status: 'ok',
			awsError: null,
			...tokensFromInvokeHeaders(trace.headers, input.body, out.body),
			durationMs: out.durationMs,
			firstTokenMs: null,
			awsRequestId: trace.requestId ?? null
		});
		return { ...out, recorded };
	} catch (err) {
		recordUsage({ ...call, ...failedCall(err, signal, start, trace) });
		throw err;
	}
}
