/**
 * POST /token?grant_type=password|refresh_token (GoTrue token.go, token_refresh.go).
 *
 * Refresh-token rotation, faithfully: each refresh revokes the presented token and issues a
 * child (`parent` = old token) in the same session. A revoked token is still honoured when
 * - it is the parent of the session's active token (the client lost the last response): the
 *   active token is returned again instead of minting another;
 * - or it was revoked less than the reuse interval ago (default 10 s, concurrent tabs).
 * Otherwise it is reuse of a stolen token: every token of the session is revoked and the
 * answer is 400 `refresh_token_already_used`. A logged-out session's tokens are gone
 * (cascade), so they are `refresh_token_not_found`.
 */
import type { AuthContext, AuthRequest, Handler } from '../context';
import { AuthOAuthError, badRequest } from '../errors';
import { readJsonObject } from '../http';
import { optionalString } from '../params';
import { verifyPassword } from '../passwords';
import { buildSessionResponse, type SessionResponse } from '../session-response';
import {
	createSession,
	findActiveRefreshToken,
	findRefreshToken,
	findSession,
	insertRefreshToken,
	markSessionRefreshed,
	revokeRefreshToken,
	revokeSessionTokens
} from '../sessions-repo';
import { findUserByEmail, findUserById, isBanned, touchLastSignIn } from '../users-repo';

const INVALID_LOGIN = 'Invalid login credentials';

export const token: Handler = async (context, request) => {
	const grantType = request.query.get('grant_type');
	switch (grantType) {
		case 'password':
			return { status: 200, body: await passwordGrant(context, request) };
		case 'refresh_token':
			return { status: 200, body: await refreshTokenGrant(context, request) };
		default:
			throw badRequest('invalid_credentials', 'unsupported_grant_type');
	}
};

async function passwordGrant(context: AuthContext, request: AuthRequest): Promise<SessionResponse> {
	const body = await readJsonObject(request.raw);
	const email = optionalString(body, 'email') ?? '';
	const phone = optionalString(body, 'phone') ?? '';
	const password = optionalString(body, 'password') ?? '';

	if (email !== '' && phone !== '') {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided on login.'
		);
	}
	if (email === '' && phone === '') throw badRequest('validation_failed', 'missing email or phone');
	if (phone !== '') throw badRequest('invalid_credentials', INVALID_LOGIN);

	const aud = context.config.audience;
	// No format check on login (as GoTrue): an impossible address simply matches no user.
	const user = await findUserByEmail(context.sql, email.trim(), aud);
	if (!user) throw badRequest('invalid_credentials', INVALID_LOGIN);
	if (isBanned(user)) throw badRequest('user_banned', 'User is banned');
	if (!(await verifyPassword(password, user.encrypted_password))) {
		throw badRequest('invalid_credentials', INVALID_LOGIN);
	}
	if (!user.email_confirmed_at) throw badRequest('email_not_confirmed', 'Email not confirmed');

	const response = await context.sql.begin(async (tx) => {
		const session = await createSession(tx, user.id, request);
		const refreshToken = await insertRefreshToken(tx, user.id, session.id, null);
		await touchLastSignIn(tx, user.id);
		const signedIn = (await findUserById(tx, user.id)) ?? user;
		return buildSessionResponse(context, tx, signedIn, session, refreshToken.token);
	});
	context.log(`password sign-in ${user.id}`);
	return response;
}

/** A refusal that must still commit (the family revocation), raised after the transaction. */
class CommitThenFail {
	constructor(readonly error: Error) {}
}

async function refreshTokenGrant(
	context: AuthContext,
	request: AuthRequest
): Promise<SessionResponse> {
	const body = await readJsonObject(request.raw);
	const presented = optionalString(body, 'refresh_token') ?? '';
	if (presented === '') throw new AuthOAuthError('invalid_request', 'refresh_token required');

	const outcome = await context.sql.begin(async (tx) => {
		const token = await findRefreshToken(tx, presented, true);
		if (!token) {
			throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
		}
		const user = await findUserById(tx, token.user_id);
		if (!user) {
			throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
		}
		if (isBanned(user)) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');
		const session = token.session_id ? await findSession(tx, token.session_id) : undefined;
		if (!session) {
			throw badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found');
		}
		// Lock the session so concurrent refreshes of one session are serialized.
		await tx`select id from auth.sessions where id = ${session.id} for update`;

		let issued = undefined as Awaited<ReturnType<typeof findActiveRefreshToken>>;
		if (token.revoked) {
			const active = await findActiveRefreshToken(tx, session.id);
			if (active && active.parent === token.token) {
				issued = active;
			} else {
				const reuseUntil =
					token.updated_at.getTime() + context.config.refreshTokenReuseIntervalSeconds * 1000;
				if (Date.now() > reuseUntil) {
					await revokeSessionTokens(tx, session.id);
					context.log(`refresh token reuse detected, session ${session.id} revoked`);
					return new CommitThenFail(
						badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used')
					);
				}
			}
		}
		if (!issued) {
			await revokeRefreshToken(tx, token.id);
			issued = await insertRefreshToken(tx, user.id, session.id, token.token);
			await touchLastSignIn(tx, user.id);
		}
		await markSessionRefreshed(tx, session.id, request);
		const refreshedUser = (await findUserById(tx, user.id)) ?? user;
		return buildSessionResponse(context, tx, refreshedUser, session, issued.token);
	});
	if (outcome instanceof CommitThenFail) throw outcome.error;
	return outcome;
}
