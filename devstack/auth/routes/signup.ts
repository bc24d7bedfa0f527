/**
 * POST /signup with email + password, as GoTrue with mailer autoconfirm on (the Supabase CLI
 * default, `enable_confirmations = false`): the user is created confirmed, with an email
 * identity and `app_metadata = { provider: "email", providers: ["email"] }`, and the response is
 * a session (the user is signed in). A second signup for a confirmed email is 422
 * `user_already_exists`. Validation order follows GoTrue: password, then email, then duplicate.
 */
import type { Handler } from '../context';
import { badRequest, unprocessable } from '../errors';
import { validateEmail } from '../emails';
import { readJsonObject } from '../http';
import { optionalObject, optionalString } from '../params';
import { checkPasswordStrength, hashPassword } from '../passwords';
import { buildSessionResponse } from '../session-response';
import { createSession, insertRefreshToken } from '../sessions-repo';
import { findUserByEmail, insertUserWithEmailIdentity, touchLastSignIn } from '../users-repo';

export const signup: Handler = async (context, request) => {
	const body = await readJsonObject(request.raw);
	const email = optionalString(body, 'email') ?? '';
	const phone = optionalString(body, 'phone') ?? '';
	const password = optionalString(body, 'password') ?? '';
	const data = optionalObject(body, 'data') ?? {};

	if (email === '' && phone === '') {
		throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
	}
	if (email !== '' && phone !== '') {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided on signup.'
		);
	}
	if (password === '') throw badRequest('validation_failed', 'Signup requires a valid password');
	checkPasswordStrength(password, context.config.minimumPasswordLength);
	if (phone !== '') throw badRequest('phone_provider_disabled', 'Phone signups are disabled');

	const normalizedEmail = validateEmail(email);
	const aud = context.config.audience;
	const passwordHash = await hashPassword(password);

	const response = await context.sql.begin(async (tx) => {
		// Serialize concurrent signups for the same address inside this transaction.
		await tx`select pg_advisory_xact_lock(hashtext(${`signup:${normalizedEmail}`}))`;
		if (await findUserByEmail(tx, normalizedEmail, aud)) {
			throw unprocessable('user_already_exists', 'User already registered');
		}
		await insertUserWithEmailIdentity(tx, {
			email: normalizedEmail,
			passwordHash,
			emailConfirmed: true,
			appMetadata: { provider: 'email', providers: ['email'] },
			userMetadata: data,
			aud,
			role: aud
		});
		const created = await findUserByEmail(tx, normalizedEmail, aud);
		if (!created) throw new Error('user vanished after insert');
		const session = await createSession(tx, created.id, request);
		const refreshToken = await insertRefreshToken(tx, created.id, session.id, null);
		await touchLastSignIn(tx, created.id);
		const user = (await findUserByEmail(tx, normalizedEmail, aud)) ?? created;
		return buildSessionResponse(context, tx, user, session, refreshToken.token);
	});
	context.log(`signup ${response.user.id}`);
	return { status: 200, body: response };
};
