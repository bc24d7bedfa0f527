/**
 * invoke.*: the playground's calls with the caller's stored credentials. Errors carry the AWS
 * error name and a hint; when a model needs an inference profile, the hint lists the profiles
 * this region offers for it (from the model cache when the catalog was browsed).
 *
 * Every AWS call, answered, failed or abandoned, is recorded in the usage ledger (queued, off
 * the request path) and the recorded figures go back with the answer.
 *
 * Before anything reaches AWS (even the credentials' role assumption), the call's maximum cost
 * is reserved against the user's monthly budget (budgets/hold.ts); the hold is settled with the
 * ledger's cost once the call ends, however it ends.
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
import { holdBudget, type BudgetHold, type CallEnd } from '../budgets/hold';
import {
	converseMaxTokens,
	invokeModelMaxTokens,
	maxCostUsd,
	type MaxTokens
} from '../budgets/estimate';
import { resolveCallTarget, type CallTarget } from '../usage/call-targets';

function hintContext(access: BedrockAccess, modelId: string): HintContext {
	const base = modelId.replace(/^(us|eu|apac|global)\./, '');
	const profiles = modelsCache.getProfiles(access.cacheKey)?.get(base);
	return { modelId, ...(profiles?.length ? { profileIds: profiles.map((p) => p.id) } : {}) };
}

/** `signal`: the HTTP request's, so a caller that hangs up stops paying for the answer. */
const elapsed = (start: number) => Math.round(performance.now() - start);

/** The ledger facts every call shares; the caller adds status, tokens and timings. */
function callOf(
	access: BedrockAccess,
	modelId: string,
	operation: UsageCall['operation'],
	target: CallTarget
) {
	return {
		userId: access.userId,
		modelId,
		region: access.region,
		operation,
		at: new Date(),
		target
	};
}

/**
 * The call's target and its budget hold. An application-profile or provisioned ARN is resolved
 * to its base model first (one cached control-plane lookup), so it is priced as what it runs.
 */
async function targetAndHold(access: BedrockAccess, modelId: string, tokens: MaxTokens) {
	const target = await resolveCallTarget(access, modelId);
	const maxUsd = target.pricingModelId ? maxCostUsd(target.pricingModelId, tokens) : null;
	return { target, hold: await holdBudget(access.userId, modelId, maxUsd) };
}

/** The SDK clients; when they cannot be had (e.g. a role cannot be assumed), no call was made. */
async function clientsOrRelease(access: BedrockAccess, hold: BudgetHold) {
	try {
		return await access.clients();
	} catch (err) {
		await hold.settle({ kind: 'failed' });
		throw err;
	}
}

/** A call that threw: AWS's error is not billed; a call the caller left may have been. */
const thrownEnd = (signal: AbortSignal | undefined): CallEnd =>
	signal?.aborted === true ? { kind: 'cut_short' } : { kind: 'failed' };

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
	const { target, hold } = await targetAndHold(access, input.modelId, converseMaxTokens(input));
	const call = callOf(access, input.modelId, 'converse', target);
	const start = performance.now();
	const trace: CallTrace = {};
	const clients = await clientsOrRelease(access, hold);
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
		await hold.settle({ kind: 'answered', costUsd: recorded.costUsd });
		return { ...out, recorded };
	} catch (err) {
		recordUsage({ ...call, ...failedCall(err, signal, start, trace) });
		await hold.settle(thrownEnd(signal));
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
	const { target, hold } = await targetAndHold(access, input.modelId, converseMaxTokens(input));
	let end: CallEnd = { kind: 'cut_short' };
	const call = callOf(access, input.modelId, 'converse_stream', target);
	const start = performance.now();
	const trace: CallTrace = {};
	let firstTokenMs: number | null = null;
	let done = false;
	const clients = await clientsOrRelease(access, hold);
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
			end = { kind: 'answered', costUsd: recorded.costUsd };
			// Settled before the last event, so a caller that sends the next call on it sees
			// the budget as it really is.
			await hold.settle(end);
			yield { ...event, recorded };
		}
	} catch (err) {
		done = true;
		end = firstTokenMs === null ? thrownEnd(signal) : { kind: 'cut_short' };
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
		// Interrupted or abandoned: AWS bills what it generated, which nobody was told.
		await hold.settle(end);
	}
}

export async function invokeModelWith(
	access: BedrockAccess,
	input: InvokeModelInput,
	signal?: AbortSignal
): Promise<InvokeModelOutput> {
	const { target, hold } = await targetAndHold(access, input.modelId, invokeModelMaxTokens(input));
	const call = callOf(access, input.modelId, 'invoke_model', target);
	const start = performance.now();
	const trace: CallTrace = {};
	const clients = await clientsOrRelease(access, hold);
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
		await hold.settle({ kind: 'answered', costUsd: recorded.costUsd });
		return { ...out, recorded };
	} catch (err) {
		recordUsage({ ...call, ...failedCall(err, signal, start, trace) });
		await hold.settle(thrownEnd(signal));
		throw err;
	}
}
