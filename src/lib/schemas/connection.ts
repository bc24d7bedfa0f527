/**
 * Connection test: the checks it runs and the report it returns (isomorphic).
 *
 * Invocation checks cost money and a list-then-invoke burst from a long-term key looks like
 * credential abuse to AWS's detectors, so they only run when explicitly asked for.
 */
import { z } from 'zod';

/**
 * Every check there is, in the order they run. Each kind runs its own subset
 * (`checkIdsFor`): assume_role adds the AssumeRole step before the identity, api_key adds the
 * key's expiry at the end.
 */
export const CONNECTION_CHECK_IDS = [
	'credentials',
	'assume_role',
	'identity',
	'list_models',
	'get_model',
	'invoke_model',
	'invoke_stream',
	'api_key_expiry'
] as const;
export type ConnectionCheckId = (typeof CONNECTION_CHECK_IDS)[number];

export function checkIdsFor(
	kind: 'access_key' | 'assume_role' | 'api_key' | null
): ConnectionCheckId[] {
	return CONNECTION_CHECK_IDS.filter(
		(id) =>
			(id !== 'assume_role' || kind === 'assume_role') &&
			(id !== 'api_key_expiry' || kind === 'api_key')
	);
}

export const checkStatusSchema = z.enum(['pass', 'fail', 'skip']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const connectionCheckSchema = z.object({
	id: z.enum(CONNECTION_CHECK_IDS),
	label: z.string(),
	/** The IAM action this check exercises, e.g. `bedrock:ListFoundationModels`. */
	iamAction: z.string().optional(),
	status: checkStatusSchema,
	durationMs: z.number().int().nonnegative(),
	awsError: z.string().optional(),
	message: z.string(),
	hint: z.string().optional()
});
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>;

export const connectionTestInput = z
	.object({
		includeInvocation: z
			.boolean({ error: 'includeInvocation must be true or false' })
			.default(false)
	})
	.default({ includeInvocation: false });
export type ConnectionTestInput = z.infer<typeof connectionTestInput>;

/** Admins: test another user's saved keys (never with invocation: that bills their account). */
export const connectionTestForUserInput = z.object({
	userId: z.uuid({ error: 'userId must be a user id (UUID)' })
});

/** pass: no check failed; fail: the keys themselves are unusable; partial: some permissions missing. */
export const connectionStatusSchema = z.enum(['pass', 'fail', 'partial']);
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

export const connectionTestResultSchema = z.object({
	ok: z.boolean(),
	status: connectionStatusSchema,
	region: z.string().nullable(),
	accessKeyIdMasked: z.string().nullable(),
	account: z.string().optional(),
	arn: z.string().optional(),
	/** The cheap text model the invocation checks used, when they ran. */
	invocationModelId: z.string().optional(),
	includeInvocation: z.boolean(),
	checks: z.array(connectionCheckSchema),
	testedAt: z.string()
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

/** The last stored result (for the dashboard). `stale` when the credentials changed since. */
export const connectionLastOutput = z
	.object({
		status: connectionStatusSchema,
		region: z.string(),
		testedAt: z.string(),
		checks: z.array(connectionCheckSchema),
		stale: z.boolean()
	})
	.nullable();
export type ConnectionLast = z.infer<typeof connectionLastOutput>;

/** Admins: every user's last result (users never tested are absent), without the checks. */
export const connectionLastForAllOutput = z.array(
	z.object({
		userId: z.string(),
		status: connectionStatusSchema,
		region: z.string(),
		testedAt: z.string(),
		stale: z.boolean()
	})
);
export type ConnectionLastForAll = z.infer<typeof connectionLastForAllOutput>;

export function connectionStatusOf(checks: readonly ConnectionCheck[]): ConnectionStatus {
	const failed = checks.filter((c) => c.status === 'fail');
	if (failed.length === 0) return 'pass';
	return failed.some(
		(c) =>
			c.id === 'credentials' ||
			c.id === 'assume_role' ||
			c.id === 'identity' ||
			c.id === 'api_key_expiry'
	)
		? 'fail'
		: 'partial';
}
