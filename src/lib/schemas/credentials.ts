/**
 * Credentials: what the form and the API accept, and what they return.
 *
 * Isomorphic (pages and server share these). Outputs never carry the secret or the session
 * token; the key id is only ever shown masked (`AKIA…WXYZ`).
 */
import { z } from 'zod';
import { regionSchema } from './regions';

/** AKIA = long-term IAM user key, ASIA = temporary (STS) key; 16 upper-case alphanumerics follow. */
export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
/** A secret access key is exactly 40 characters of the base64 alphabet. */
export const SECRET_ACCESS_KEY_PATTERN = /^[A-Za-z0-9+/]{40}$/;
/** STS session tokens are long base64 strings (padding allowed). */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9+/=]+$/;

/** What an empty required field says (not the format rule, which reads as blame for nothing typed). */
export const REQUIRED_MESSAGE = 'Required';

// `pipe`: an empty value stops at "Required" (the format rule would read as blame for nothing
// typed), without aborting the object, so the key-kind check below still runs.
const required = () =>
	z.string({ error: REQUIRED_MESSAGE }).trim().min(1, { error: REQUIRED_MESSAGE });

export const accessKeyIdSchema = required().pipe(
	z.string().regex(ACCESS_KEY_ID_PATTERN, {
		error:
			'An access key id is AKIA or ASIA followed by 16 upper-case letters or digits (20 characters)'
	})
);

export const secretAccessKeySchema = required().pipe(
	z.string().regex(SECRET_ACCESS_KEY_PATTERN, {
		error: 'A secret access key is exactly 40 characters of A-Z, a-z, 0-9, + and /'
	})
);

export const sessionTokenSchema = z
	.string({ error: 'The session token must be text' })
	.trim()
	.min(16, { error: 'The session token is too short; paste the whole token' })
	.max(8192, { error: 'The session token is longer than 8192 characters' })
	.regex(SESSION_TOKEN_PATTERN, {
		error: 'The session token may contain only A-Z, a-z, 0-9, +, / and ='
	});

export const AKIA_WITH_TOKEN_MESSAGE =
	'Session tokens are only for temporary ASIA… keys; leave this empty for an AKIA… key';

const credentialFields = {
	accessKeyId: accessKeyIdSchema,
	secretAccessKey: secretAccessKeySchema,
	// An empty string from a form means "no token". Its format is checked together with the
	// key id (below), because whether a token belongs here at all depends on the key kind.
	sessionToken: z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		z.string({ error: 'The session token must be text' }).trim().optional()
	),
	region: regionSchema
};

/**
 * Temporary (ASIA) keys only work with their session token; long-term (AKIA) keys never have
 * one. Runs even when other fields failed (`when`), so an AKIA key with a pasted token hears
 * "only for ASIA keys" at once instead of a format complaint about the token.
 */
function checkSessionToken(
	value: { accessKeyId?: unknown; sessionToken?: unknown },
	ctx: z.RefinementCtx
) {
	const keyId = typeof value.accessKeyId === 'string' ? value.accessKeyId.trim() : '';
	const token = typeof value.sessionToken === 'string' ? value.sessionToken : undefined;
	const issue = (message: string) =>
		ctx.addIssue({ code: 'custom', path: ['sessionToken'], message });
	if (keyId.startsWith('ASIA') && !token) {
		issue('Temporary (ASIA…) access keys need their session token');
	} else if (token && keyId.startsWith('AKIA')) {
		issue(AKIA_WITH_TOKEN_MESSAGE);
	} else if (token) {
		const format = sessionTokenSchema.safeParse(token);
		if (!format.success) issue(format.error.issues[0]?.message ?? 'The session token is not valid');
	}
}

/** Run the token check whenever the input is an object with a usable key id and token value. */
const tokenCheckApplies = {
	when: (payload: { value: unknown }) => {
		const value = payload.value as { accessKeyId?: unknown; sessionToken?: unknown } | null;
		return (
			typeof value === 'object' &&
			value !== null &&
			(value.sessionToken === undefined || typeof value.sessionToken === 'string')
		);
	}
};

const accessKeyFields = { type: z.literal('access_key'), ...credentialFields };

/** An IAM role ARN (any partition); the role name may sit under a path. */
export const ROLE_ARN_PATTERN =
	/^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;
export const ASSUME_ROLE_VIA = ['deployment', 'access_key'] as const;

const assumeRoleFields = {
	type: z.literal('assume_role'),
	roleArn: required().pipe(
		z.string().regex(ROLE_ARN_PATTERN, {
			error: 'A role ARN looks like arn:aws:iam::123456789012:role/BedrockAccess'
		})
	),
	region: regionSchema,
	sessionDurationSeconds: z.preprocess(
		(v) => (v === '' || v === null ? undefined : v),
		z.coerce
			.number({ error: 'The session duration must be a number of seconds' })
			.int({ error: 'The session duration must be whole seconds' })
			.min(900, { error: 'AWS needs at least 900 seconds (15 minutes)' })
			.max(43200, { error: 'AWS allows at most 43200 seconds (12 hours)' })
			.optional()
	),
	via: z.enum(ASSUME_ROLE_VIA, {
		error: "Choose who assumes the role: 'deployment' (this service) or 'access_key' (your own key)"
	}),
	// Only with via 'access_key' (role chaining): the user's own long-term key assumes the role.
	accessKeyId: z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		accessKeyIdSchema.optional()
	),
	secretAccessKey: z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		secretAccessKeySchema.optional()
	)
};

/** Role chaining needs the user's key; the deployment's identity must not be mixed with one. */
function checkAssumeRoleSource(
	value: { via?: unknown; accessKeyId?: unknown; secretAccessKey?: unknown },
	ctx: z.RefinementCtx
) {
	if (value.via === 'access_key') {
		if (!value.accessKeyId)
			ctx.addIssue({ code: 'custom', path: ['accessKeyId'], message: REQUIRED_MESSAGE });
		else if (String(value.accessKeyId).startsWith('ASIA'))
			ctx.addIssue({
				code: 'custom',
				path: ['accessKeyId'],
				message: 'Use a long-term AKIA… key to assume the role (temporary keys expire under it)'
			});
		if (!value.secretAccessKey)
			ctx.addIssue({ code: 'custom', path: ['secretAccessKey'], message: REQUIRED_MESSAGE });
	} else if (value.via === 'deployment') {
		for (const field of ['accessKeyId', 'secretAccessKey'] as const)
			if (value[field])
				ctx.addIssue({
					code: 'custom',
					path: [field],
					message: 'Leave this empty: the deployment’s own identity assumes the role'
				});
	}
}

/** Long-term Bedrock API keys start with ABSK, short-term ones with bedrock-api-key-. */
export const API_KEY_PATTERN = /^(ABSK[A-Za-z0-9+/=]{20,}|bedrock-api-key-[A-Za-z0-9+/=]{40,})$/;

const apiKeyFields = {
	type: z.literal('api_key'),
	apiKey: required().pipe(
		z
			.string()
			.max(8192, { error: 'An API key is at most 8192 characters' })
			.regex(API_KEY_PATTERN, {
				error:
					'A Bedrock API key starts with ABSK (long-term) or bedrock-api-key- (short-term); paste the whole key'
			})
	),
	region: regionSchema
};

/** Programs written before the other kinds send no `type`: that still means an access key. */
const defaultTypeToAccessKey = (v: unknown) =>
	typeof v === 'object' && v !== null && !('type' in v) ? { ...v, type: 'access_key' } : v;

function kindUnion<Extra extends z.ZodRawShape>(extra: Extra) {
	const accessKey = z
		.object({ ...extra, ...accessKeyFields })
		.superRefine(checkSessionToken, tokenCheckApplies);
	const assumeRole = z.object({ ...extra, ...assumeRoleFields }).superRefine(checkAssumeRoleSource);
	const apiKey = z.object({ ...extra, ...apiKeyFields });
	/**
	 * What callers may send (the typed client's input): `type` optional for an access key. Named
	 * here because preprocess alone would make the input `unknown` to TypeScript programs.
	 */
	type Input =
		| (Omit<z.input<typeof accessKey>, 'type'> & { type?: 'access_key' })
		| z.input<typeof assumeRole>
		| z.input<typeof apiKey>;
	return z.preprocess<
		unknown,
		z.ZodDiscriminatedUnion<[typeof accessKey, typeof assumeRole, typeof apiKey]>,
		Input
	>(
		defaultTypeToAccessKey,
		z.discriminatedUnion('type', [accessKey, assumeRole, apiKey], {
			error: "type must be 'access_key', 'assume_role' or 'api_key'"
		})
	);
}

export const saveCredentialsInput = kindUnion({});
export type SaveCredentialsInput = z.infer<typeof saveCredentialsInput>;
export type SaveAccessKeyInput = Extract<SaveCredentialsInput, { type: 'access_key' }>;
export type SaveAssumeRoleInput = Extract<SaveCredentialsInput, { type: 'assume_role' }>;
export type SaveApiKeyInput = Extract<SaveCredentialsInput, { type: 'api_key' }>;

export const userIdSchema = z.uuid({ error: 'userId must be a user id (UUID)' });

export const saveCredentialsForUserInput = kindUnion({ userId: userIdSchema });
export type SaveCredentialsForUserInput = z.infer<typeof saveCredentialsForUserInput>;

/** Only the region: not secret, so it can change without the key being entered again. */
export const setRegionInput = z.object({ region: regionSchema });
export type SetRegionInput = z.infer<typeof setRegionInput>;
export const setRegionForUserInput = z.object({ userId: userIdSchema, region: regionSchema });

export const deleteCredentialsForUserInput = z.object({ userId: userIdSchema });

/**
 * Kinds of credentials: `access_key` (key id + secret, optional session token), `assume_role`
 * (role ARN + the per-user external ID, assumed by this deployment or by the user's own key)
 * and `api_key` (a Bedrock API key, sent as a bearer token).
 */
export const CREDENTIAL_TYPES = ['access_key', 'assume_role', 'api_key'] as const;
export const credentialTypeSchema = z.enum(CREDENTIAL_TYPES);
export type CredentialType = z.infer<typeof credentialTypeSchema>;

export const API_KEY_KINDS = ['short_term', 'long_term'] as const;

export const credentialsViewSchema = z.object({
	credentialType: credentialTypeSchema,
	/** The access key (for assume_role: the user's own source key), masked; null when none. */
	accessKeyIdMasked: z.string().nullable(),
	/** long_term: AKIA keys and long-term API keys; temporary: everything that expires. */
	keyKind: z.enum(['long_term', 'temporary']),
	hasSessionToken: z.boolean(),
	region: z.string(),
	/** What identifies these credentials in one line, without revealing them. */
	summary: z.string(),
	assumeRole: z
		.object({
			roleArn: z.string(),
			externalIdMasked: z.string(),
			via: z.enum(ASSUME_ROLE_VIA),
			sessionDurationSeconds: z.number().nullable()
		})
		.nullable(),
	apiKey: z
		.object({
			kind: z.enum(API_KEY_KINDS),
			last4: z.string(),
			/** Short-term keys carry their expiry; long-term ones do not tell it. */
			expiresAt: z.string().nullable()
		})
		.nullable(),
	createdAt: z.string(),
	updatedAt: z.string()
});
export type CredentialsView = z.infer<typeof credentialsViewSchema>;

export const credentialsGetOutput = credentialsViewSchema.nullable();

/** One user in the admin list; `credentials` is null for users who have saved none. */
export const adminCredentialsRowSchema = z.object({
	userId: z.string(),
	email: z.string().nullable(),
	credentials: credentialsViewSchema.nullable()
});
export type AdminCredentialsRow = z.infer<typeof adminCredentialsRowSchema>;

export const credentialsListOutput = z.array(adminCredentialsRowSchema);

export const deleteCredentialsOutput = z.object({ deleted: z.boolean() });

/** `ba-3f9c…7d21`: enough to recognise an external ID in a list. */
export function maskExternalId(externalId: string): string {
	if (externalId.length < 12) return '…';
	return `${externalId.slice(0, 4)}…${externalId.slice(-4)}`;
}

/** The trust policy a customer pastes into IAM: this principal may assume the role with this ID. */
export function trustPolicyJson(principalArn: string, externalId: string): string {
	const policy = {
		Version: '2012-10-17',
		Statement: [
			{
				Effect: 'Allow',
				Principal: { AWS: principalArn },
				Action: 'sts:AssumeRole',
				Condition: { StringEquals: { 'sts:ExternalId': externalId } }
			}
		]
	};
	return JSON.stringify(policy, null, 2);
}

export const trustPolicyInput = z.object({ via: z.enum(ASSUME_ROLE_VIA) });
export const trustPolicyOutput = z.object({
	externalId: z.string(),
	/** The principal the policy trusts; null when it cannot be known yet (see `note`). */
	principalArn: z.string().nullable(),
	policy: z.string(),
	note: z.string().optional()
});
export type TrustPolicy = z.infer<typeof trustPolicyOutput>;

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to recognise a key, useless to an attacker. */
export function maskAccessKeyId(accessKeyId: string): string {
	if (accessKeyId.length < 12) return '…';
	return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

export function keyKindOf(accessKeyId: string): 'long_term' | 'temporary' {
	return accessKeyId.startsWith('ASIA') ? 'temporary' : 'long_term';
}
