/**
 * Server environment (schema in env-schema.ts), validated once at start-up by the `init`
 * hook in hooks.server.ts: a bad value stops the server with a message naming it.
 *
 * Why not at import: `vite build` imports server modules while analysing routes, when no
 * runtime environment exists yet.
 *
 * Domain modules (db, credentials, bedrock) read `process.env` themselves because they
 * also run under vitest and tsx, where `$env` does not exist.
 */
import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { parseServerEnv, type ServerEnv } from './env-schema';

export type { ServerEnv };

let cached: ServerEnv | undefined;

/** The validated environment; throws (naming the variables) when it is not valid. */
export function serverEnv(): ServerEnv {
	cached ??= parseServerEnv({ ...privateEnv, ...publicEnv });
	return cached;
}

/** `<PUBLIC_SUPABASE_URL>/auth/v1` without a doubled slash: the JWT issuer and the auth API base. */
export function supabaseAuthUrl(): string {
	return `${serverEnv().PUBLIC_SUPABASE_URL.replace(/\/+$/, '')}/auth/v1`;
}
