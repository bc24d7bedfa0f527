// The shared objects one running emulator works with, handed to every operation handler.
import type { EmulatorState } from './state';
import type { KeyStore, EmulatorKey } from './keys';
import type { RoleStore } from './roles';
import type { ApiKeyStore } from './api-keys';
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
	/** IAM roles that STS AssumeRole may hand out (control surface `/roles`). */
	roles: RoleStore;
	/** Long-term Bedrock API keys (control surface `/api-keys`). */
	apiKeys: ApiKeyStore;
	faults: FaultPlan;
}

export interface Caller {
	/** For a long-term API key, a stand-in with an empty accessKeyId and no secret. */
	key: EmulatorKey;
	region: string;
	/** `sigv4`: a signed request; `bearer`: a Bedrock API key (the key itself is never kept). */
	authScheme: 'sigv4' | 'bearer';
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
