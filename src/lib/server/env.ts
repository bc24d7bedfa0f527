/**
 * Server environment, validated once on first use.
 *
 * Why at first use and not at import: `vite build` imports server modules while
 * analysing routes, when no runtime environment exists yet. Reading lazily lets the
 * build succeed and still fails the first request with a message that names the
 * missing variable instead of an `undefined` deep inside a client library.
 *
 * Domain modules (db, credentials, bedrock) read `process.env` themselves because they
 * also run under vitest and tsx, where `$env` does not exist.
 */
import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { z } from 'zod';
import { limitsEnvSchema } from './limits/config';

const serverEnvSchema = z.object({
	DATABASE_URL: z.string().min(1),
	PUBLIC_SUPABASE_URL: z.url({ protocol: /^https?$/ }),
	PUBLIC_SUPABASE_ANON_KEY: z.string().min(1),
	SUPABASE_SERVICE_ROLE_KEY: z.string().min(1).optional(),
	CREDENTIALS_ENCRYPTION_KEY: z.string().min(1).optional(),
	// LIMIT_* (DESIGN.md defaults): validated here too, so a bad value fails the first request.
	...limitsEnvSchema.shape,
	/** Read by usage/recorder.ts from process.env; validated here so a typo fails at start. */
	USAGE_RETRY_FOR_MS: z.coerce.number().int().positive().optional()
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

let cached: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
	if (cached) return cached;
	const blankToUndefined = (value: string | undefined) => (value === '' ? undefined : value);
	const raw: Record<string, string | undefined> = {
		DATABASE_URL: blankToUndefined(privateEnv.DATABASE_URL),
		PUBLIC_SUPABASE_URL: blankToUndefined(publicEnv.PUBLIC_SUPABASE_URL),
		PUBLIC_SUPABASE_ANON_KEY: blankToUndefined(publicEnv.PUBLIC_SUPABASE_ANON_KEY),
		SUPABASE_SERVICE_ROLE_KEY: blankToUndefined(privateEnv.SUPABASE_SERVICE_ROLE_KEY),
		CREDENTIALS_ENCRYPTION_KEY: blankToUndefined(privateEnv.CREDENTIALS_ENCRYPTION_KEY),
		...Object.fromEntries(
			Object.keys(limitsEnvSchema.shape).map((name) => [name, blankToUndefined(privateEnv[name])])
		),
		USAGE_RETRY_FOR_MS: blankToUndefined(privateEnv.USAGE_RETRY_FOR_MS)
	};
	const result = serverEnvSchema.safeParse(raw);
	if (!result.success) {
		// Names and reasons only: values may be secrets.
		const problems = result.error.issues
			.map((issue) => {
				const name = issue.path.join('.');
				return `${name}: ${raw[name] === undefined ? 'missing' : issue.message}`;
			})
			.join('; ');
		throw new Error(`Invalid server environment (${problems}). See .devstack/env or README.md.`);
	}
	cached = result.data;
	return cached;
}

/** `<PUBLIC_SUPABASE_URL>/auth/v1` without a doubled slash: the JWT issuer and the auth API base. */
export function supabaseAuthUrl(): string {
	return `${serverEnv().PUBLIC_SUPABASE_URL.replace(/\/+$/, '')}/auth/v1`;
}
