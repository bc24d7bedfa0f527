// Everything the emulator remembers between requests, in memory: the request log and counters
// that tests inspect through the control surface, provisioned throughputs per region+account, and
// the prompt cache.
import { PromptCache } from './runtime/prompt-cache';

export interface RequestRecord {
	seq: number;
	requestId: string;
	time: string;
	method: string;
	path: string;
	httpVersion: string;
	service: 'bedrock' | 'bedrock-runtime' | 'sts' | 'unknown';
	operation: string;
	modelId?: string;
	accessKeyId?: string;
	region?: string;
	/** How the request authenticated: SigV4 or a Bedrock API key (`Authorization: Bearer`). */
	authScheme?: 'sigv4' | 'bearer';
	/** Bearer requests: the first 16 hex digits of SHA-256 of the key sent (accepted or not). */
	apiKeyHash?: string;
	status: number;
	errorName?: string;
	/** The client closed the connection or stream before the response was complete. */
	closedEarly: boolean;
	streamed: boolean;
	durationMs: number;
}

export interface OperationCounter {
	requests: number;
	errors: number;
	closedEarly: number;
}

export type ProvisionedStatus = 'Creating' | 'InService' | 'Updating' | 'Failed';

export interface ProvisionedThroughput {
	provisionedModelName: string;
	provisionedModelArn: string;
	modelArn: string;
	desiredModelArn: string;
	foundationModelArn: string;
	foundationModelId: string;
	modelUnits: number;
	desiredModelUnits: number;
	commitmentDuration?: string;
	commitmentExpirationTime?: string;
	creationTime: string;
	lastModifiedTime: string;
	clientRequestToken?: string;
	/** When the current Creating/Updating phase ends (epoch ms). */
	readyAt: number;
	phase: 'Creating' | 'Updating' | 'Stable';
	tags: { key: string; value: string }[];
}

/** An application inference profile: a tagged copy of a model's or a system profile's routes. */
export interface ApplicationProfile {
	inferenceProfileName: string;
	inferenceProfileId: string;
	inferenceProfileArn: string;
	description?: string;
	/** The foundation-model ARNs it routes to (copied from `modelSource.copyFrom`). */
	modelArns: string[];
	/** The base model id the runtime answers with. */
	foundationModelId: string;
	createdAt: string;
	updatedAt: string;
	clientRequestToken?: string;
	tags: { key: string; value: string }[];
}

const MAX_RECORDS = 10_000;

export class EmulatorState {
	private records: RequestRecord[] = [];
	private seq = 0;
	readonly counters = new Map<string, OperationCounter>();
	/** Keyed by `${region}|${accountId}`, then by provisioned model id (ARN suffix). */
	readonly provisioned = new Map<string, Map<string, ProvisionedThroughput>>();
	readonly promptCache = new PromptCache();
	/** Keyed by `${region}|${accountId}`, then by application profile id (ARN suffix). */
	readonly applicationProfiles = new Map<string, Map<string, ApplicationProfile>>();

	nextSeq(): number {
		return ++this.seq;
	}

	record(r: RequestRecord): void {
		this.records.push(r);
		if (this.records.length > MAX_RECORDS)
			this.records.splice(0, this.records.length - MAX_RECORDS);
		let c = this.counters.get(r.operation);
		if (!c) this.counters.set(r.operation, (c = { requests: 0, errors: 0, closedEarly: 0 }));
		c.requests++;
		if (r.status >= 400) c.errors++;
		if (r.closedEarly) c.closedEarly++;
	}

	requests(): RequestRecord[] {
		return this.records.slice();
	}

	clearRequests(): void {
		this.records = [];
		this.counters.clear();
	}

	provisionedFor(region: string, accountId: string): Map<string, ProvisionedThroughput> {
		const key = `${region}|${accountId}`;
		let m = this.provisioned.get(key);
		if (!m) this.provisioned.set(key, (m = new Map()));
		return m;
	}

	applicationProfilesFor(region: string, accountId: string): Map<string, ApplicationProfile> {
		const key = `${region}|${accountId}`;
		let m = this.applicationProfiles.get(key);
		if (!m) this.applicationProfiles.set(key, (m = new Map()));
		return m;
	}

	reset(): void {
		this.clearRequests();
		this.provisioned.clear();
		this.applicationProfiles.clear();
		this.promptCache.clear();
	}
}

/** AWS's states: Creating → InService, Updating → InService, once the phase's time has passed. */
export function provisionedStatus(pt: ProvisionedThroughput, now = Date.now()): ProvisionedStatus {
	if (pt.phase === 'Stable' || now >= pt.readyAt) return 'InService';
	return pt.phase;
}
