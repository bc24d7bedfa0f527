/**
 * GET /user and PUT /user (GoTrue user.go) for the holder of an access token.
 *
 * PUT /user follows GoTrue's rules:
 * - `data` is merged key by key into user_metadata (null deletes a key);
 * - `app_metadata` is refused (403 `not_admin`): users must never grant themselves roles;
 * - a new password must pass the policy and differ from the old one (422 `same_password`), and
 *   it signs out every other session of the user;
 * - a new email is not applied directly: as on GoTrue for a non-anonymous user it becomes a
 *   pending change (`new_email`, `email_change_sent_at`). There is no mailer in the local stack,
 *   so the change is applied by an admin (`PUT /admin/users/:id`) or not at all.
 */
import type { Handler } from '../context';
import { badRequest, forbidden, unprocessable } from '../errors';
import { validateEmail } from '../emails';
import { readJsonObject } from '../http';
import { mergeMetadata } from '../metadata';
import { optionalObject, optionalString } from '../params';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../passwords';
import { requireUser } from '../request-auth';
import { deleteSessions } from '../sessions-repo';
import { toUserJson } from '../user-json';
import { findIdentities, isEmailTaken, updateUser, type UserChanges } from '../users-repo';

export const getUser: Handler = async (context, request) => {
	const { claims, user } = await requireUser(context, request);
	const requestAud = request.raw.headers['x-jwt-aud'] ?? context.config.audience;
	const tokenAud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
	if (tokenAud !== requestAud) {
		throw badRequest('validation_failed', "Token audience doesn't match request audience");
	}
	return { status: 200, body: toUserJson(user, await findIdentities(context.sql, user.id)) };
};

export const updateCurrentUser: Handler = async (context, request) => {
	const { user, session } = await requireUser(context, request);
	const body = await readJsonObject(request.raw);

	const email = optionalString(body, 'email');
	const password = optionalString(body, 'password');
	const phone = optionalString(body, 'phone');
	const data = optionalObject(body, 'data');
	const appMetadata = optionalObject(body, 'app_metadata');

	const newEmail = email ? validateEmail(email) : undefined;
	if (password !== undefined) checkPasswordStrength(password, context.config.minimumPasswordLength);
	if (appMetadata !== undefined) {
		throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');
	}
	if (phone) throw badRequest('phone_provider_disabled', 'Phone logins are disabled');

	const changes: UserChanges = {};
	if (newEmail !== undefined && newEmail !== user.email) {
		if (await isEmailTaken(context.sql, newEmail, user.id)) {
			throw unprocessable(
				'email_exists',
				'A user with this email address has already been registered'
			);
		}
		changes.emailChange = newEmail;
	}
	if (password !== undefined && password !== '') {
		if (await verifyPassword(password, user.encrypted_password)) {
			throw unprocessable(
				'same_password',
				'New password should be different from the old password.'
			);
		}
		changes.passwordHash = await hashPassword(password);
	}
	if (data !== undefined) changes.userMetadata = mergeMetadata(user.raw_user_meta_data, data);

	const updated = await context.sql.begin(async (tx) => {
		const row = await updateUser(tx, user.id, changes);
		// GoTrue's UpdatePassword(tx, currentSession): every other session is signed out.
		if (changes.passwordHash) await deleteSessions(tx, user.id, 'others', session?.id);
		return row;
	});
	if (changes.emailChange) {
		context.log(`email change for ${user.id} is pending (no mailer in the local stack)`);
	}
	return { status: 200, body: toUserJson(updated, await findIdentities(context.sql, user.id)) };
};
