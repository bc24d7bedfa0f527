// The key pairs the emulator accepts, standing in for IAM users/roles: who a key belongs to
// (account, ARN) and what it may do (IAM actions, model access). Replaceable at runtime through
// the control surface so test suites can stage "missing permission" scenarios.

export interface EmulatorKey {
	accessKeyId: string;
	secretAccessKey: string;
	/** Temporary (`ASIA…`) keys: requests must carry this as `X-Amz-Security-Token`. */
	sessionToken?: string;
	accountId: string;
	userArn: string;
	/** IAM actions such as 'bedrock:InvokeModel' (wildcards like 'bedrock:List*' allowed); undefined = all. */
	allowedActions?: string[];
	/** Base model ids whose access is granted; undefined = all. */
	modelAccess?: string[];
	/** Resource ARNs the runtime may be called on (IAM wildcards); undefined = all. */
	allowedResources?: string[];
	/** Epoch ms after which AWS answers ExpiredToken (temporary keys from AssumeRole). */
	expiresAt?: number;
}

/** AWS's documentation example key pair (DESIGN.md): the one the local stack accepts. */
export const EXAMPLE_KEY_PAIR = Object.freeze({
	accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
});

/** The example pair: every action, every model. */
export const DEFAULT_KEYS: readonly EmulatorKey[] = Object.freeze([
	{
		...EXAMPLE_KEY_PAIR,
		accountId: '123456789012',
		userArn: 'arn:aws:iam::123456789012:user/bedrock-admin-dev'
	}
]);

/** What the control surface shows about a key: never the secret or the session token. */
export interface PublicKeyView {
	accessKeyId: string;
	accountId: string;
	userArn: string;
	temporary: boolean;
	allowedActions?: string[];
	modelAccess?: string[];
	allowedResources?: string[];
	expiresAt?: string;
}

export function validateKey(value: unknown): EmulatorKey {
	const k = value as Partial<EmulatorKey> | null;
	const isStr = (v: unknown) => typeof v === 'string' && v.length > 0;
	if (
		!k ||
		!isStr(k.accessKeyId) ||
		!isStr(k.secretAccessKey) ||
		!isStr(k.accountId) ||
		!isStr(k.userArn)
	) {
		throw new Error(
			'a key needs accessKeyId, secretAccessKey, accountId and userArn (non-empty strings)'
		);
	}
	const list = (v: unknown, name: string) => {
		if (v === undefined || v === null) return undefined;
		if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
			throw new Error(`${name} must be an array of strings`);
		return [...v] as string[];
	};
	return {
		accessKeyId: k.accessKeyId!,
		secretAccessKey: k.secretAccessKey!,
		sessionToken: isStr(k.sessionToken) ? k.sessionToken : undefined,
		accountId: k.accountId!,
		userArn: k.userArn!,
		allowedActions: list(k.allowedActions, 'allowedActions'),
		modelAccess: list(k.modelAccess, 'modelAccess'),
		allowedResources: list(k.allowedResources, 'allowedResources'),
		expiresAt: typeof k.expiresAt === 'number' ? k.expiresAt : undefined
	};
}

function globToRegExp(pattern: string): RegExp {
	const escaped = pattern
		.replace(/[.+^${}()|[\]\\]/g, '\\$&')
		.replace(/\*/g, '.*')
		.replace(/\?/g, '.');
	return new RegExp(`^${escaped}$`, 'i');
}

export class KeyStore {
	private keys = new Map<string, EmulatorKey>();

	constructor(private readonly initial: readonly EmulatorKey[]) {
		this.replaceAll(initial);
	}

	get(accessKeyId: string): EmulatorKey | undefined {
		return this.keys.get(accessKeyId);
	}

	replaceAll(keys: readonly EmulatorKey[]): void {
		this.keys = new Map(keys.map((k) => [k.accessKeyId, validateKey(k)]));
	}

	upsert(key: EmulatorKey): void {
		this.keys.set(key.accessKeyId, validateKey(key));
	}

	remove(accessKeyId: string): boolean {
		return this.keys.delete(accessKeyId);
	}

	/** Forgets temporary keys whose expiry passed long ago (AssumeRole adds one per call). */
	pruneExpired(now = Date.now(), graceMs = 60 * 60_000): void {
		for (const [id, key] of this.keys)
			if (key.expiresAt !== undefined && key.expiresAt + graceMs < now) this.keys.delete(id);
	}

	restoreInitial(): void {
		this.replaceAll(this.initial);
	}

	list(): PublicKeyView[] {
		return [...this.keys.values()].map((k) => ({
			accessKeyId: k.accessKeyId,
			accountId: k.accountId,
			userArn: k.userArn,
			temporary: k.sessionToken !== undefined,
			...(k.allowedActions ? { allowedActions: k.allowedActions } : {}),
			...(k.modelAccess ? { modelAccess: k.modelAccess } : {}),
			...(k.allowedResources ? { allowedResources: k.allowedResources } : {}),
			...(k.expiresAt !== undefined ? { expiresAt: new Date(k.expiresAt).toISOString() } : {})
		}));
	}
}

export function isActionAllowed(key: EmulatorKey, action: string): boolean {
	if (!key.allowedActions) return true;
	return key.allowedActions.some(
		(pattern) => pattern === action || globToRegExp(pattern).test(action)
	);
}

/** IAM's `Resource` match: `*` spans any characters, colons and slashes included. */
export function isResourceAllowed(key: EmulatorKey, resourceArn: string): boolean {
	if (!key.allowedResources) return true;
	return key.allowedResources.some((pattern) => globToRegExp(pattern).test(resourceArn));
}

export function hasModelAccess(key: EmulatorKey, baseModelId: string): boolean {
	if (!key.modelAccess) return true;
	// A grant on a base model covers its provisioned variants (`…:0:48k`), as access is per model.
	return key.modelAccess.some(
		(granted) =>
			granted === baseModelId ||
			baseModelId.startsWith(`${granted}:`) ||
			(granted.includes('*') && globToRegExp(granted).test(baseModelId))
	);
}
