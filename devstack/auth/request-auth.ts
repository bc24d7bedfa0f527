/**
 * Who is calling: the three checks GoTrue and the Supabase gateway make before a handler runs.
 *
 * - requireApiKey: the gateway (Kong) refuses requests without a known `apikey` (header or
 *   query param) before GoTrue sees them. When no Authorization header is sent it forwards the
 *   apikey as `Bearer <apikey>`, which is how the admin API authenticates with the service key.
 * - requireUser: GoTrue's requireAuthentication + maybeLoadUserOrSession: a verified JWT whose
 *   `sub` is an existing user and whose `session_id` (when present) is still a session row.
 *   The session check is what makes a logged-out access token fail at once on `/user`.
 * - requireAdmin: a verified JWT whose `role` is an admin role (service_role), else `not_admin`.
 */
import type { JWTPayload } from 'jose';
import type { AuthContext, AuthRequest } from './context';
import { badRequest, forbidden, unauthorized } from './errors';
import { findSession, type SessionRow } from './sessions-repo';
import { findUserById, isBanned, type UserRow } from './users-repo';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID_PATTERN.test(value);
}

export type ApiKeyCheck =
	{ ok: true } | { ok: false; status: number; body: Record<string, string> };

/** The gateway's answer; its bodies are Kong's `{ message }`, not GoTrue errors. */
export function checkApiKey(context: AuthContext, apiKey: string | undefined): ApiKeyCheck {
	if (!apiKey) {
		return {
			ok: false,
			status: 401,
			body: {
				message: 'No API key found in request',
				hint: 'No `apikey` request header or url param was found.'
			}
		};
	}
	if (apiKey !== context.keys.anonKey && apiKey !== context.keys.serviceRoleKey) {
		return {
			ok: false,
			status: 401,
			body: {
				message: 'Invalid API key',
				hint: 'Double check your Supabase `anon` or `service_role` API key.'
			}
		};
	}
	return { ok: true };
}

function requireBearer(request: AuthRequest): string {
	if (!request.bearerToken) {
		throw unauthorized('no_authorization', 'This endpoint requires a valid Bearer token');
	}
	return request.bearerToken;
}

export interface AuthenticatedUser {
	claims: JWTPayload;
	user: UserRow;
	/** Undefined only for tokens without a `session_id` claim (hand-made tokens). */
	session: SessionRow | undefined;
}

export async function requireUser(
	context: AuthContext,
	request: AuthRequest
): Promise<AuthenticatedUser> {
	const claims = await context.jwt.verify(requireBearer(request));
	const subject = claims.sub;
	if (!subject) throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
	if (!isUuid(subject)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');

	const user = await findUserById(context.sql, subject);
	if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');

	let session: SessionRow | undefined;
	const sessionId = claims.session_id;
	if (typeof sessionId === 'string' && sessionId !== '') {
		if (!isUuid(sessionId))
			throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
		session = await findSession(context.sql, sessionId);
		if (!session) {
			throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
		}
	}
	if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
	return { claims, user, session };
}

export async function requireAdmin(
	context: AuthContext,
	request: AuthRequest
): Promise<JWTPayload> {
	const claims = await context.jwt.verify(requireBearer(request));
	const role = typeof claims.role === 'string' ? claims.role : '';
	if (!context.config.adminRoles.includes(role)) throw forbidden('not_admin', 'User not allowed');
	return claims;
}
