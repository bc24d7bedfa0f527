// The shared objects one running emulator works with, handed to every operation handler.
import type { EmulatorState } from './state';
import type { KeyStore, EmulatorKey } from './keys';
import type { FaultPlan, FaultDecision } from './faults';
import type { Exchange } from './exchange';

export interface EmulatorSettings {
	/** Delay between stream events (ms). */
	streamChunkDelayMs: number;
	/** Latency added to every Bedrock/STS answer (ms), on top of fault-rule latency. */
	latencyMs: number;
	/** How long a provisioned throughput stays Creating/Updating before InService (ms). */
	provisioningDelayMs: number;
	/** Answer for a signing region without Bedrock: an AWS-shaped 403, or drop the connection like a missing endpoint. */
	regionWithoutBedrock: 'error' | 'drop';
	quiet: boolean;
}

export interface EmulatorContext {
	settings: EmulatorSettings;
	readonly initialSettings: Readonly<EmulatorSettings>;
	state: EmulatorState;
	keys: KeyStore;
	faults: FaultPlan;
}

export interface Caller {
	key: EmulatorKey;
	region: string;
}

export interface OperationRequest {
	ctx: EmulatorContext;
	ex: Exchange;
	caller: Caller;
	/** Path parameters, already percent-decoded. */
	params: Record<string, string>;
	query: URLSearchParams;
	faults: FaultDecision;
	/** Start of the request (performance.now()), for latency figures. */
	startedAt: number;
}

export type OperationHandler = (op: OperationRequest) => void | Promise<void>;
