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

export const accessKeyIdSchema = z
	.string({ error: 'Enter the access key id' })
	.trim()
	.regex(ACCESS_KEY_ID_PATTERN, {
		error:
			'An access key id is AKIA or ASIA followed by 16 upper-case letters or digits (20 characters)'
	});

export const secretAccessKeySchema = z
	.string({ error: 'Enter the secret access key' })
	.trim()
	.regex(SECRET_ACCESS_KEY_PATTERN, {
		error: 'A secret access key is exactly 40 characters of A-Z, a-z, 0-9, + and /'
	});

export const sessionTokenSchema = z
	.string({ error: 'The session token must be text' })
	.trim()
	.min(16, { error: 'The session token is too short; paste the whole token' })
	.max(8192, { error: 'The session token is longer than 8192 characters' })
	.regex(SESSION_TOKEN_PATTERN, {
		error: 'The session token may contain only A-Z, a-z, 0-9, +, / and ='
	});

const credentialFields = {
	accessKeyId: accessKeyIdSchema,
	secretAccessKey: secretAccessKeySchema,
	// An empty string from a form means "no token".
	sessionToken: z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		sessionTokenSchema.optional()
	),
	region: regionSchema
};

/** Temporary (ASIA) keys only work with their session token; long-term (AKIA) keys never have one. */
function requireTokenForTemporaryKeys(
	value: { accessKeyId: string; sessionToken?: string | undefined },
	ctx: z.RefinementCtx
) {
	const temporary = value.accessKeyId.startsWith('ASIA');
	if (temporary && !value.sessionToken) {
		ctx.addIssue({
			code: 'custom',
			path: ['sessionToken'],
			message: 'Temporary (ASIA…) access keys need their session token'
		});
	}
	if (!temporary && value.sessionToken) {
		ctx.addIssue({
			code: 'custom',
			path: ['sessionToken'],
			message: 'Long-term (AKIA…) access keys do not take a session token; leave it empty'
		});
	}
}

export const saveCredentialsInput = z
	.object(credentialFields)
	.superRefine(requireTokenForTemporaryKeys);
export type SaveCredentialsInput = z.infer<typeof saveCredentialsInput>;

export const userIdSchema = z.uuid({ error: 'userId must be a user id (UUID)' });

export const saveCredentialsForUserInput = z
	.object({ userId: userIdSchema, ...credentialFields })
	.superRefine(requireTokenForTemporaryKeys);
export type SaveCredentialsForUserInput = z.infer<typeof saveCredentialsForUserInput>;

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
