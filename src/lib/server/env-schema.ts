/**
 * The server's whole environment as one zod schema: the one place a variable is declared,
 * with its default. To add a knob, add one line here (and a row to the README's environment
 * table); `parseServerEnv` reads every name the schema lists.
 *
 * Pure (no `$env`, no process.env) so tests can feed it any environment.
 */
import { z } from 'zod';
import { limitsEnvSchema } from './limits/config';
import { KeyringError, parseKeyring } from './secrets/keyring';

const keyring = z.string().superRefine((value, ctx) => {
	try {
		parseKeyring(value);
	} catch (error) {
		// parseKeyring's messages name entries by position and never echo key material.
		if (!(error instanceof KeyringError)) throw error;
		ctx.addIssue({ code: 'custom', message: error.message.replace(/^Invalid [A-Z_]+ /, '') });
	}
});

export const serverEnvSchema = z.object({
	DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
	PUBLIC_SUPABASE_URL: z.url({ protocol: /^https?$/ }),
	PUBLIC_SUPABASE_ANON_KEY: z.string().min(1),
	SUPABASE_SERVICE_ROLE_KEY: z.string().min(1).optional(),
	CREDENTIALS_ENCRYPTION_KEY: keyring,
	// LIMIT_* (DESIGN.md names and defaults), owned by limits/config.ts.
	...limitsEnvSchema.shape,
	// The deployment identity that calls sts:AssumeRole for assume_role credentials with
	// via 'deployment' (aws/deployment-identity.ts); unset: the host's default credential chain.
	ASSUME_ROLE_SOURCE_ACCESS_KEY_ID: z
		.string()
		.regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/, { error: 'must be an AKIA… or ASIA… access key id' })
		.optional(),
	ASSUME_ROLE_SOURCE_SECRET_ACCESS_KEY: z
		.string()
		.min(40, { error: 'must be a secret access key' })
		.optional(),
	// Read by usage/recorder.ts: how long a failed ledger batch is retried before it is logged.
	USAGE_RETRY_FOR_MS: z.coerce.number().int().positive().optional()
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export class ServerEnvError extends Error {
	override readonly name = 'ServerEnvError';
}

/**
 * Validates `source` (blank values count as unset). Throws a ServerEnvError naming each bad
 * variable and why; never a value, since values may be secrets.
 */
export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
	const raw: Record<string, string | undefined> = {};
	for (const name of Object.keys(serverEnvSchema.shape)) {
		const value = source[name];
		raw[name] = value === '' ? undefined : value;
	}
	const result = serverEnvSchema.safeParse(raw);
	if (result.success) return result.data;
	const problems = result.error.issues.map((issue) => {
		const name = issue.path.join('.');
		return `${name}: ${raw[name] === undefined ? 'missing' : issue.message}`;
	});
	throw new ServerEnvError(
		`Invalid server environment (${problems.join('; ')}). See README.md (Environment) or .devstack/env.`
	);
}
