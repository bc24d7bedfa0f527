// Long-term Bedrock API keys, standing in for the keys IAM issues to a user ("ABSK…", sent as
// `Authorization: Bearer`). Configured on the control surface; listed without the key itself.
// Short-term keys need no configuration: they carry a presigned request (see bearer-auth.ts).
import { createHash } from 'node:crypto';

/** AWS's long-term keys start with this; short-term ones with SHORT_TERM_PREFIX. */
export const LONG_TERM_PREFIX = 'ABSK';
export const SHORT_TERM_PREFIX = 'bedrock-api-key-';

export interface EmulatorApiKey {
	apiKey: string;
	accountId: string;
	/** Epoch ms; undefined = never expires. */
	expiresAt?: number;
	allowedActions?: string[];
	modelAccess?: string[];
	/**
	 * A bearer request names no region (SigV4 scopes do), and a long-term key is not tied to one,
	 * so the emulator serves this region's catalog for it; default us-east-1.
	 */
	region: string;
}

export interface PublicApiKeyView {
	apiKeyMasked: string;
	accountId: string;
	userArn: string;
	expiresAt?: string;
	allowedActions?: string[];
	modelAccess?: string[];
	region: string;
}

/** `ABSK…wxyz`: recognisable in a list, useless to anyone reading it. */
export const maskApiKey = (key: string) => `${key.slice(0, 4)}…${key.slice(-4)}`;

/** The IAM user AWS creates for a long-term key (BedrockAPIKey-<id>), derived stably. */
export function apiKeyUserArn(key: EmulatorApiKey): string {
	const id = createHash('sha256').update(key.apiKey).digest('hex').slice(0, 6);
	return `arn:aws:iam::${key.accountId}:user/BedrockAPIKey-${id}`;
}

function stringList(value: unknown, name: string): string[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || !value.every((x) => typeof x === 'string'))
		throw new Error(`${name} must be an array of strings`);
	return [...value] as string[];
}

export function validateApiKey(value: unknown): EmulatorApiKey {
	const v = value as Record<string, unknown> | null;
	if (
		!v ||
		typeof v.apiKey !== 'string' ||
		!v.apiKey.startsWith(LONG_TERM_PREFIX) ||
		v.apiKey.length < 24
	)
		throw new Error(
			`apiKey must be a long-term key: '${LONG_TERM_PREFIX}' and at least 20 more characters`
		);
	if (
		v.accountId !== undefined &&
		(typeof v.accountId !== 'string' || !/^\d{12}$/.test(v.accountId))
	)
		throw new Error('accountId must be 12 digits');
	let expiresAt: number | undefined;
	if (v.expiresAt !== undefined && v.expiresAt !== null) {
		expiresAt = typeof v.expiresAt === 'number' ? v.expiresAt : Date.parse(String(v.expiresAt));
		if (!Number.isFinite(expiresAt)) throw new Error('expiresAt must be an ISO date or epoch ms');
	}
	if (v.region !== undefined && typeof v.region !== 'string')
		throw new Error('region must be text');
	return {
		apiKey: v.apiKey,
		accountId: (v.accountId as string | undefined) ?? '123456789012',
		expiresAt,
		allowedActions: stringList(v.allowedActions, 'allowedActions'),
		modelAccess: stringList(v.modelAccess, 'modelAccess'),
		region: (v.region as string | undefined) ?? 'us-east-1'
	};
}

export class ApiKeyStore {
	private keys = new Map<string, EmulatorApiKey>();

	constructor(private readonly initial: readonly EmulatorApiKey[] = []) {
		this.restoreInitial();
	}

	restoreInitial(): void {
		this.keys = new Map(this.initial.map((k) => [k.apiKey, k]));
	}

	get(apiKey: string): EmulatorApiKey | undefined {
		return this.keys.get(apiKey);
	}

	upsert(key: EmulatorApiKey): void {
		this.keys.set(key.apiKey, key);
	}

	remove(apiKey: string): boolean {
		return this.keys.delete(apiKey);
	}

	clear(): void {
		this.keys.clear();
	}

	list(): PublicApiKeyView[] {
		return [...this.keys.values()].map((k) => ({
			apiKeyMasked: maskApiKey(k.apiKey),
			accountId: k.accountId,
			userArn: apiKeyUserArn(k),
			...(k.expiresAt !== undefined ? { expiresAt: new Date(k.expiresAt).toISOString() } : {}),
			...(k.allowedActions ? { allowedActions: k.allowedActions } : {}),
			...(k.modelAccess ? { modelAccess: k.modelAccess } : {}),
			region: k.region
		}));
	}
}
