/**
 * Circuit breakers in front of AWS, one per service and Region (`bedrock-runtime/us-east-1`),
 * so that when Bedrock in a Region stops answering each request is refused at once with an
 * explanation instead of spending its whole deadline (60 s to first byte) first.
 *
 * What counts against AWS is only what says AWS (or the path to it) is unwell: a timeout, a
 * refused or dropped connection, or a 5xx. A throttled or refused request (any 4xx) means AWS
 * answered: it is one user's quota or input, and must never open the circuit for every user.
 * A caller who hung up says nothing about AWS either way.
 *
 * One logical call is one outcome: the breaker wraps `send`, outside the SDK's own retries.
 * A stream counts when its response starts; a stream that breaks later is reported to its
 * caller (an `interrupted` event) but does not count, since the service did answer.
 */
import { breakerFor, scopedBreakers } from '../resilience/breakers';
import type { BreakerSnapshot } from '../resilience/breaker';
import { DependencyError } from '../resilience/dependency-error';
import { failureName } from './errors';
import { findHintRow, NETWORK_NAMES } from './hints';

export type AwsService = 'bedrock' | 'bedrock-runtime' | 'sts';

/** Thrown instead of calling AWS while the circuit is open; hints.ts explains it. */
export class AwsCircuitOpenError extends Error {
	override readonly name = 'CircuitOpenError';
	constructor(
		readonly service: AwsService,
		readonly region: string,
		readonly retryAfterSeconds: number
	) {
		super(
			`Calls to ${service} in ${region} are paused for about ${retryAfterSeconds} s after repeated failures.`
		);
	}
}

/** Names of failures that mean AWS, or the network path to it, did not answer. */
const FAULT_NAMES = new Set<string>([
	...NETWORK_NAMES,
	'TimeoutError',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ERR_HTTP2_STREAM_ERROR',
	'ERR_HTTP2_SESSION_ERROR',
	'ERR_HTTP2_GOAWAY_SESSION',
	// The SDK names its own abort AbortError; it reaches here only when no caller signal fired,
	// i.e. when the total-time cap on the call (clients.ts) expired.
	'AbortError'
]);

export type AwsOutcome = 'fault' | 'answered' | 'unknown';

const isTimeoutReason = (reason: unknown) =>
	(reason as { name?: unknown } | undefined)?.name === 'TimeoutError';

/**
 * What a failed call says about AWS. `callerSignal` is the signal the caller passed to `send`:
 * when it fired, the call ended because of a deadline (a fault) or a hang-up (unknown).
 */
export function awsOutcome(err: unknown, callerSignal?: AbortSignal): AwsOutcome {
	if (callerSignal?.aborted) return isTimeoutReason(callerSignal.reason) ? 'fault' : 'unknown';
	const status = (err as { $metadata?: { httpStatusCode?: unknown } })?.$metadata?.httpStatusCode;
	if (typeof status === 'number') return status >= 500 ? 'fault' : 'answered';
	const name = failureName(err);
	if (FAULT_NAMES.has(name)) return 'fault';
	// A plain Error whose message says the connection dropped before an answer (the HTTP/2
	// handler's wording on a kept-alive session): the hint table's `connection_dropped` row.
	const message = String((err as { message?: unknown })?.message ?? '');
	return findHintRow({ name, message }).id === 'connection_dropped' ? 'fault' : 'unknown';
}

type Sendable = { send: (command: never, options?: never) => Promise<unknown> };

/** Makes every `send` of `client` go through the breaker of its service and Region. */
export function guardWithCircuit(client: Sendable, service: AwsService, region: string): void {
	const breaker = breakerFor('aws', `${service}/${region}`);
	const send = client.send.bind(client) as (
		command: unknown,
		options?: { abortSignal?: AbortSignal }
	) => Promise<unknown>;
	(client as { send: unknown }).send = async (
		command: unknown,
		options?: { abortSignal?: AbortSignal }
	) => {
		try {
			breaker.admit();
		} catch (err) {
			if (err instanceof DependencyError) {
				const retryAt = breaker.snapshot().retryAt ?? Date.now();
				const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
				throw new AwsCircuitOpenError(service, region, seconds);
			}
			throw err;
		}
		try {
			const result = await send(command, options);
			breaker.success();
			return result;
		} catch (err) {
			const outcome = awsOutcome(err, options?.abortSignal);
			if (outcome === 'fault') breaker.failure();
			else if (outcome === 'answered') breaker.success();
			else breaker.release();
			throw err;
		}
	};
}

export interface AwsCircuit extends BreakerSnapshot {
	service: string;
	region: string;
}

/** The AWS circuits this process has used, for /healthz. */
export function awsCircuits(): AwsCircuit[] {
	return scopedBreakers('aws').map(([scope, breaker]) => {
		const [service = scope, region = ''] = scope.split('/');
		return { service, region, ...breaker.snapshot() };
	});
}
