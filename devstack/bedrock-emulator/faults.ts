// Fault injection: rules that make matching requests fail (or slow down) the way AWS does, so
// the app's retry, hint and abort paths can be exercised. Rules come from the run's options
// (CLI flags / BEDROCK_EMULATOR_FAULTS) and from the control surface (PUT /__emulator/faults).
import * as errors from './errors';
import type { AwsError } from './errors';

export type FaultKind =
	| 'throttling'
	| 'serviceUnavailable'
	| 'internalServer'
	| 'modelTimeout'
	| 'latency'
	| 'streamError'
	| 'connectionReset'
	| 'streamStall';

export interface FaultMatch {
	/** Operation name(s), e.g. 'Converse' or ['InvokeModel', 'InvokeModelWithResponseStream']. */
	operation?: string | string[];
	/** Base model id; also matches profile ids and ARNs that contain it. */
	modelId?: string;
	accessKeyId?: string;
	region?: string;
}

export interface FaultRule {
	kind: FaultKind;
	match?: FaultMatch;
	/** Apply to the next N matching requests only; omitted = every matching request. */
	count?: number;
	/** For 'latency': delay added before answering (ms); for 'streamStall': the silence (ms). */
	latencyMs?: number;
	/**
	 * For 'streamError' and 'streamStall': events sent before the stream breaks or stalls
	 * (default 2). For 'connectionReset' on a stream: events sent before the connection drops
	 * (omitted: it drops before any answer).
	 */
	afterEvents?: number;
	/** Overrides AWS's default message. */
	message?: string;
}

export interface FaultDecision {
	delayMs: number;
	error?: AwsError;
	/** Set when a streaming response must break after this many events. */
	streamBreakAfter?: number;
	streamBreakMessage?: string;
	/** Drop the connection (no answer, as a network failure would) after this many events; 0 = at once. */
	dropAfter?: number;
	/** Stop sending for `stallMs` after this many stream events. */
	stallAfter?: number;
	stallMs?: number;
}

const STREAMING_OPERATIONS = new Set(['InvokeModelWithResponseStream', 'ConverseStream']);
const KINDS = new Set<FaultKind>([
	'throttling',
	'serviceUnavailable',
	'internalServer',
	'modelTimeout',
	'latency',
	'streamError',
	'connectionReset',
	'streamStall'
]);
const STREAM_ONLY_KINDS = new Set<FaultKind>(['streamError', 'streamStall']);

export function validateFaultRule(value: unknown): FaultRule {
	const r = value as FaultRule | null;
	if (!r || typeof r !== 'object' || !KINDS.has(r.kind)) {
		throw new Error(`a fault rule needs kind: one of ${[...KINDS].join(', ')}`);
	}
	if (r.count !== undefined && (!Number.isInteger(r.count) || r.count < 0))
		throw new Error('count must be a non-negative integer');
	if (r.latencyMs !== undefined && !(r.latencyMs >= 0)) throw new Error('latencyMs must be >= 0');
	return { ...r, match: r.match ? { ...r.match } : undefined };
}

function modelMatches(wanted: string, requested: string | undefined): boolean {
	if (!requested) return false;
	return (
		requested === wanted || requested.endsWith(`.${wanted}`) || requested.endsWith(`/${wanted}`)
	);
}

function matches(
	rule: FaultRule,
	req: { operation: string; modelId?: string; accessKeyId?: string; region?: string }
): boolean {
	if (STREAM_ONLY_KINDS.has(rule.kind) && !STREAMING_OPERATIONS.has(req.operation)) return false;
	const m = rule.match;
	if (!m) return true;
	if (m.operation !== undefined) {
		const ops = Array.isArray(m.operation) ? m.operation : [m.operation];
		if (!ops.includes(req.operation)) return false;
	}
	if (m.modelId !== undefined && !modelMatches(m.modelId, req.modelId)) return false;
	if (m.accessKeyId !== undefined && m.accessKeyId !== req.accessKeyId) return false;
	if (m.region !== undefined && m.region !== req.region) return false;
	return true;
}

function errorFor(rule: FaultRule): AwsError | undefined {
	switch (rule.kind) {
		case 'throttling':
			return errors.throttling(rule.message);
		case 'serviceUnavailable':
			return errors.serviceUnavailable(rule.message);
		case 'internalServer':
			return errors.internalServer(rule.message);
		case 'modelTimeout':
			return errors.modelTimeout(rule.message);
		default:
			return undefined;
	}
}

export class FaultPlan {
	private rules: FaultRule[] = [];

	constructor(private readonly initial: readonly FaultRule[] = []) {
		this.restoreInitial();
	}

	list(): FaultRule[] {
		return this.rules.map((r) => ({ ...r }));
	}

	replace(rules: readonly unknown[]): void {
		this.rules = rules.map(validateFaultRule);
	}

	add(rule: unknown): void {
		this.rules.push(validateFaultRule(rule));
	}

	clear(): void {
		this.rules = [];
	}

	restoreInitial(): void {
		this.replace(this.initial);
	}

	/** Decides what happens to one request, consuming counted rules it uses. */
	take(req: {
		operation: string;
		modelId?: string;
		accessKeyId?: string;
		region?: string;
	}): FaultDecision {
		const decision: FaultDecision = { delayMs: 0 };
		if (this.rules.length === 0) return decision;
		for (const rule of this.rules) {
			if (rule.count === 0 || !matches(rule, req)) continue;
			if (rule.kind === 'latency') {
				decision.delayMs += rule.latencyMs ?? 0;
			} else if (rule.kind === 'streamStall') {
				decision.stallAfter = rule.afterEvents ?? 2;
				decision.stallMs = rule.latencyMs ?? 0;
			} else if (
				decision.error ||
				decision.streamBreakAfter !== undefined ||
				decision.dropAfter !== undefined
			) {
				continue; // one failure per request; later rules keep their count
			} else if (rule.kind === 'connectionReset') {
				decision.dropAfter = STREAMING_OPERATIONS.has(req.operation) ? (rule.afterEvents ?? 0) : 0;
			} else if (rule.kind === 'streamError') {
				decision.streamBreakAfter = rule.afterEvents ?? 2;
				decision.streamBreakMessage = rule.message;
			} else {
				decision.error = errorFor(rule);
			}
			if (rule.count !== undefined) rule.count--;
		}
		this.rules = this.rules.filter((r) => r.count !== 0);
		return decision;
	}
}
