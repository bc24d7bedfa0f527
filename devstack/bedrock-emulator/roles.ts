// IAM roles that STS AssumeRole hands out, configured on the control surface: who the trust
// policy trusts (account ids or principal ARNs), the sts:ExternalId it requires, and what the
// assumed role may do in Bedrock (the same allowedActions/modelAccess a key has).

export interface EmulatorRole {
	roleArn: string;
	/** Account ids (`210987654321`), `arn:aws:iam::<account>:root`, user or role ARNs, or `*`. */
	trustedPrincipals: string[];
	/** The trust policy's `Condition: { StringEquals: { "sts:ExternalId": … } }`; undefined = none. */
	externalId?: string;
	allowedActions?: string[];
	modelAccess?: string[];
	/** The role's MaxSessionDuration (IAM default 3600 s, up to 43200). */
	maxSessionDurationSeconds: number;
	/**
	 * Test knob AWS does not have: issued credentials expire after this many seconds whatever
	 * DurationSeconds asked (so a test can watch a client refresh them without waiting 15 min).
	 */
	credentialLifetimeSeconds?: number;
}

export interface PublicRoleView {
	roleArn: string;
	trustedPrincipals: string[];
	requiresExternalId: boolean;
	allowedActions?: string[];
	modelAccess?: string[];
	maxSessionDurationSeconds: number;
	credentialLifetimeSeconds?: number;
}

export const ROLE_ARN_PATTERN =
	/^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

function stringList(value: unknown, name: string): string[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || !value.every((x) => typeof x === 'string'))
		throw new Error(`${name} must be an array of strings`);
	return [...value] as string[];
}

export function validateRole(value: unknown): EmulatorRole {
	const v = value as Record<string, unknown> | null;
	if (!v || typeof v.roleArn !== 'string' || !ROLE_ARN_PATTERN.test(v.roleArn))
		throw new Error('roleArn must be arn:aws:iam::<12 digits>:role/<name>');
	const trusted = stringList(v.trustedPrincipals, 'trustedPrincipals');
	if (!trusted || trusted.length === 0)
		throw new Error('trustedPrincipals needs at least one entry');
	if (v.externalId !== undefined && v.externalId !== null && typeof v.externalId !== 'string')
		throw new Error('externalId must be text');
	const max = v.maxSessionDurationSeconds ?? 3600;
	if (typeof max !== 'number' || max < 3600 || max > 43200)
		throw new Error('maxSessionDurationSeconds must be 3600..43200');
	const lifetime = v.credentialLifetimeSeconds;
	if (lifetime !== undefined && (typeof lifetime !== 'number' || lifetime <= 0))
		throw new Error('credentialLifetimeSeconds must be a positive number');
	return {
		roleArn: v.roleArn,
		trustedPrincipals: trusted,
		externalId: (v.externalId as string | undefined) || undefined,
		allowedActions: stringList(v.allowedActions, 'allowedActions'),
		modelAccess: stringList(v.modelAccess, 'modelAccess'),
		maxSessionDurationSeconds: max,
		credentialLifetimeSeconds: lifetime as number | undefined
	};
}

export class RoleStore {
	private roles = new Map<string, EmulatorRole>();

	constructor(private readonly initial: readonly unknown[] = []) {
		this.replaceAll(initial);
	}

	restoreInitial(): void {
		this.replaceAll(this.initial);
	}

	get(roleArn: string): EmulatorRole | undefined {
		return this.roles.get(roleArn);
	}

	replaceAll(roles: readonly unknown[]): void {
		const validated = roles.map(validateRole);
		this.roles = new Map(validated.map((r) => [r.roleArn, r]));
	}

	/** Without the external ID: it is the customer's shared secret with the vendor. */
	list(): PublicRoleView[] {
		return [...this.roles.values()].map((r) => ({
			roleArn: r.roleArn,
			trustedPrincipals: r.trustedPrincipals,
			requiresExternalId: r.externalId !== undefined,
			...(r.allowedActions ? { allowedActions: r.allowedActions } : {}),
			...(r.modelAccess ? { modelAccess: r.modelAccess } : {}),
			maxSessionDurationSeconds: r.maxSessionDurationSeconds,
			...(r.credentialLifetimeSeconds
				? { credentialLifetimeSeconds: r.credentialLifetimeSeconds }
				: {})
		}));
	}
}
