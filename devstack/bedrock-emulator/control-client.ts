// Typed client for the emulator's control surface (/__emulator/), for test suites that need to
// prove what reached "AWS": e.g. a cache hit made no call, an aborted stream closed upstream,
// or a key without bedrock:InvokeModel is refused.
import type { EmulatorKey } from './keys';
import type { PublicKeyView } from './keys';
import type { FaultRule } from './faults';
import type { OperationCounter, RequestRecord } from './state';
import type { EmulatorSettings } from './context';
import type { PublicRoleView } from './roles';
import type { PublicApiKeyView } from './api-keys';

/** `PUT /__emulator/roles` entries (DESIGN.md). */
export interface RoleConfig {
	roleArn: string;
	trustedPrincipals: string[];
	externalId?: string;
	allowedActions?: string[];
	modelAccess?: string[];
	maxSessionDurationSeconds?: number;
	/** Issued credentials expire after this many seconds (a test knob AWS lacks). */
	credentialLifetimeSeconds?: number;
}

/** `POST /__emulator/api-keys` body (DESIGN.md). */
export interface ApiKeyConfig {
	apiKey: string;
	accountId?: string;
	expiresAt?: string | number;
	allowedActions?: string[];
	modelAccess?: string[];
	region?: string;
}

export type {
	EmulatorKey,
	PublicKeyView,
	FaultRule,
	OperationCounter,
	RequestRecord,
	EmulatorSettings,
	PublicRoleView,
	PublicApiKeyView
};

export interface RequestFilter {
	operation?: string;
	modelId?: string;
	accessKeyId?: string;
	region?: string;
	service?: RequestRecord['service'];
	/** Only records with a larger sequence number (see `lastSeq()`). */
	sinceSeq?: number;
}

export type TunableSettings = Pick<
	EmulatorSettings,
	'streamChunkDelayMs' | 'latencyMs' | 'provisioningDelayMs'
>;

export interface EmulatorControl {
	health(): Promise<{ ok: boolean }>;
	requests(filter?: RequestFilter): Promise<RequestRecord[]>;
	clearRequests(): Promise<void>;
	/** Highest sequence number so far (0 if none): take it before an action, filter with sinceSeq after. */
	lastSeq(): Promise<number>;
	/** Polls until a request matching `predicate` is recorded (records are written when the response closes). */
	waitForRequest(
		predicate: (r: RequestRecord) => boolean,
		timeoutMs?: number
	): Promise<RequestRecord>;
	counters(): Promise<Record<string, OperationCounter>>;
	faults(): Promise<FaultRule[]>;
	setFaults(rules: FaultRule[]): Promise<FaultRule[]>;
	addFault(rule: FaultRule): Promise<FaultRule[]>;
	clearFaults(): Promise<void>;
	keys(): Promise<PublicKeyView[]>;
	setKeys(keys: EmulatorKey[]): Promise<PublicKeyView[]>;
	addKey(key: EmulatorKey): Promise<PublicKeyView[]>;
	removeKey(accessKeyId: string): Promise<boolean>;
	roles(): Promise<PublicRoleView[]>;
	setRoles(roles: RoleConfig[]): Promise<PublicRoleView[]>;
	apiKeys(): Promise<PublicApiKeyView[]>;
	addApiKey(key: ApiKeyConfig): Promise<PublicApiKeyView[]>;
	clearApiKeys(): Promise<void>;
	settings(): Promise<EmulatorSettings>;
	updateSettings(patch: Partial<TunableSettings>): Promise<EmulatorSettings>;
	/** Clears requests, counters, faults and provisioned throughputs; restores the run's keys, roles, API keys and settings. */
	reset(): Promise<void>;
}

export function emulatorControl(baseUrl: string): EmulatorControl {
	const root = `${baseUrl.replace(/\/$/, '')}/__emulator`;

	async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${root}${path}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const json = (await res.json()) as T & { error?: string };
		if (!res.ok && res.status !== 404)
			throw new Error(`emulator control ${method} ${path}: ${json.error ?? res.status}`);
		return json;
	}

	const requests = async (filter: RequestFilter = {}) => {
		const q = new URLSearchParams();
		for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, String(v));
		const qs = q.toString();
		return (await call<{ requests: RequestRecord[] }>('GET', `/requests${qs ? `?${qs}` : ''}`))
			.requests;
	};

	return {
		health: () => call('GET', '/health'),
		requests,
		clearRequests: async () => void (await call('DELETE', '/requests')),
		lastSeq: async () => (await requests()).reduce((max, r) => Math.max(max, r.seq), 0),
		async waitForRequest(predicate, timeoutMs = 5000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = (await requests()).find(predicate);
				if (found) return found;
				if (Date.now() > deadline)
					throw new Error('emulator control: no matching request recorded in time');
				await new Promise((r) => setTimeout(r, 20));
			}
		},
		counters: async () =>
			(await call<{ counters: Record<string, OperationCounter> }>('GET', '/counters')).counters,
		faults: async () => (await call<{ rules: FaultRule[] }>('GET', '/faults')).rules,
		setFaults: async (rules) =>
			(await call<{ rules: FaultRule[] }>('PUT', '/faults', { rules })).rules,
		addFault: async (rule) => (await call<{ rules: FaultRule[] }>('POST', '/faults', rule)).rules,
		clearFaults: async () => void (await call('DELETE', '/faults')),
		keys: async () => (await call<{ keys: PublicKeyView[] }>('GET', '/keys')).keys,
		setKeys: async (keys) => (await call<{ keys: PublicKeyView[] }>('PUT', '/keys', { keys })).keys,
		addKey: async (key) => (await call<{ keys: PublicKeyView[] }>('POST', '/keys', key)).keys,
		removeKey: async (id) =>
			(await call<{ removed: boolean }>('DELETE', `/keys/${encodeURIComponent(id)}`)).removed,
		roles: async () => (await call<{ roles: PublicRoleView[] }>('GET', '/roles')).roles,
		setRoles: async (roles) =>
			(await call<{ roles: PublicRoleView[] }>('PUT', '/roles', { roles })).roles,
		apiKeys: async () => (await call<{ apiKeys: PublicApiKeyView[] }>('GET', '/api-keys')).apiKeys,
		addApiKey: async (key) =>
			(await call<{ apiKeys: PublicApiKeyView[] }>('POST', '/api-keys', key)).apiKeys,
		clearApiKeys: async () => void (await call('DELETE', '/api-keys')),
		settings: async () => (await call<{ settings: EmulatorSettings }>('GET', '/settings')).settings,
		updateSettings: async (patch) =>
			(await call<{ settings: EmulatorSettings }>('PATCH', '/settings', patch)).settings,
		reset: async () => void (await call('POST', '/reset'))
	};
}
