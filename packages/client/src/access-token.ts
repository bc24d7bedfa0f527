/**
 * Where the bearer token comes from, read again before every request (and every stream), so
 * a refreshed token is used without the caller doing anything.
 */
import { SignInRequiredError } from './sign-in-required.js';

/**
 * The part of a supabase-js client this package uses. Structural, so the package does not
 * depend on supabase-js: `createClient(...)` from `@supabase/supabase-js` fits as it is.
 * `getSession()` hands back the stored session and refreshes it first when it is about to
 * expire, which is why it is asked before each request rather than once.
 */
export type SupabaseSessionSource = {
	auth: {
		getSession(): Promise<{
			data: { session: { access_token: string } | null };
			error: unknown;
		}>;
	};
};

export type AccessTokenOption =
	/** A Supabase access token, or a function that returns the current one. */
	| { accessToken: string | (() => string | Promise<string>); supabase?: undefined }
	/** A signed-in supabase-js client: its session's token is used. */
	| { supabase: SupabaseSessionSource; accessToken?: undefined };

/** One function that yields the token to send now, or throws `SignInRequiredError`. */
export function accessTokenReader(option: AccessTokenOption): () => Promise<string> {
	if (option.supabase) {
		const { auth } = option.supabase;
		return async () => {
			const { data, error } = await auth.getSession();
			if (error || !data.session) throw new SignInRequiredError('no-session');
			return data.session.access_token;
		};
	}
	const { accessToken } = option;
	if (typeof accessToken === 'function') return async () => accessToken();
	return async () => accessToken;
}
