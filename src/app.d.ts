// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SupabaseClient } from '@supabase/supabase-js';
import type { AccessTokenClaims, AuthUser } from '$lib/server/auth/claims';
import type { SessionResult, VerifiedSession } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Machine-readable reason, e.g. `FORBIDDEN`, `NOT_FOUND`, `UNAUTHORIZED`. */
			code?: string;
			/** When a dependency failed: `database`, `auth` or `aws` (pages show a banner). */
			dependency?: 'database' | 'auth' | 'aws';
		}
		interface Locals {
			/** Per-request server client; reads and writes the session cookies. */
			supabase: SupabaseClient;
			/** Verified identity (bearer token or cookie); memoised per request. */
			safeGetSession: () => Promise<SessionResult>;
			session: VerifiedSession | null;
			user: AuthUser | null;
			claims: AccessTokenClaims | null;
			/** From `claims.app_metadata.role === 'admin'` only. */
			isAdmin: boolean;
		}
		interface PageData {
			/** Set by the root layout for the top bar; `null` when signed out. */
			viewer?: { email: string; isAdmin: boolean } | null;
		}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
