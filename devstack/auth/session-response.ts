/**
 * Access tokens and GoTrue's session response (tokens.AccessTokenResponse).
 *
 * Claims are exactly GoTrue's AccessTokenClaims: `aud` a single string, `phone` "" when none,
 * `amr` from how the session was created (password is the only method here, timestamped with
 * the session's creation as GoTrue's mfa_amr_claims row would be), `aal1`, `session_id`.
 */
import type { AuthContext, Db } from './context';
import type { AccessTokenClaims } from './jwt';
import type { SessionRow } from './sessions-repo';
import { toUserJson, type UserJson } from './user-json';
import { findIdentities, type UserRow } from './users-repo';

export interface SessionResponse {
	access_token: string;
	token_type: 'bearer';
	expires_in: number;
	expires_at: number;
	refresh_token: string;
	user: UserJson;
}

export async function buildSessionResponse(
	context: AuthContext,
	db: Db,
	user: UserRow,
	session: SessionRow,
	refreshToken: string
): Promise<SessionResponse> {
	const issuedAt = Math.floor(Date.now() / 1000);
	const expiresAt = issuedAt + context.config.jwtExpirySeconds;
	const claims: AccessTokenClaims = {
		iss: context.config.issuer,
		sub: user.id,
		aud: user.aud ?? context.config.audience,
		exp: expiresAt,
		iat: issuedAt,
		email: user.email ?? '',
		phone: user.phone ?? '',
		app_metadata: user.raw_app_meta_data ?? {},
		user_metadata: user.raw_user_meta_data ?? {},
		role: user.role ?? context.config.audience,
		aal: session.aal ?? 'aal1',
		amr: [{ method: 'password', timestamp: Math.floor(session.created_at.getTime() / 1000) }],
		session_id: session.id,
		is_anonymous: user.is_anonymous
	};
	return {
		access_token: await context.jwt.signAccessToken(claims),
		token_type: 'bearer',
		expires_in: context.config.jwtExpirySeconds,
		expires_at: expiresAt,
		refresh_token: refreshToken,
		user: toUserJson(user, await findIdentities(db, user.id))
	};
}
