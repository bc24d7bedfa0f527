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

export const saveCredentialsInput = z
	.object(credentialFields)
	.superRefine(checkSessionToken, tokenCheckApplies);
export type SaveCredentialsInput = z.infer<typeof saveCredentialsInput>;

export const userIdSchema = z.uuid({ error: 'userId must be a user id (UUID)' });

export const saveCredentialsForUserInput = z
	.object({ userId: userIdSchema, ...credentialFields })
	.superRefine(checkSessionToken, tokenCheckApplies);
export type SaveCredentialsForUserInput = z.infer<typeof saveCredentialsForUserInput>;

/** Only the region: not secret, so it can change without the key being entered again. */
export const setRegionInput = z.object({ region: regionSchema });
export type SetRegionInput = z.infer<typeof setRegionInput>;
export const setRegionForUserInput = z.object({ userId: userIdSchema, region: regionSchema });

export const deleteCredentialsForUserInput = z.object({ userId: userIdSchema });

/**
 * Kinds of credentials. Only `access_key` is implemented; `assume_role` (role ARN + external id)
 * and `api_key` (Bedrock API key, bearer token) are reserved so stored rows and outputs can
 * carry the kind from day one.
 */
export const CREDENTIAL_TYPES = ['access_key'] as const;
export const credentialTypeSchema = z.enum(CREDENTIAL_TYPES);
export type CredentialType = z.infer<typeof credentialTypeSchema>;

export const credentialsViewSchema = z.object({
	credentialType: credentialTypeSchema,
	accessKeyIdMasked: z.string(),
	keyKind: z.enum(['long_term', 'temporary']),
	hasSessionToken: z.boolean(),
	region: z.string(),
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

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to recognise a key, useless to an attacker. */
export function maskAccessKeyId(accessKeyId: string): string {
	if (accessKeyId.length < 12) return '…';
	return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

export function keyKindOf(accessKeyId: string): 'long_term' | 'temporary' {
	return accessKeyId.startsWith('ASIA') ? 'temporary' : 'long_term';
}
