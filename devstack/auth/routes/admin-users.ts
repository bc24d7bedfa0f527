/**
 * The admin user API (GoTrue admin.go) behind the service_role key: what
 * `supabase.auth.admin.createUser/listUsers/getUserById/updateUserById/deleteUser` call.
 *
 * Faithful points that callers rely on:
 * - `app_metadata` and `user_metadata` are merged key by key (null deletes), starting from
 *   `{ provider: "email", providers: ["email"] }` on create; this is how roles are granted;
 * - a password change signs out every session of that user;
 * - `ban_duration` is a Go duration ("24h") or "none";
 * - the list answers `{ users, aud }` with `X-Total-Count` and a `Link` header whose URLs put
 *   `page` first (auth-js reads the page number from the first character after the first `=`).
 */
import { randomBytes } from 'node:crypto';
import type { AuthContext, AuthRequest, Handler } from '../context';
import { badRequest, notFound, unprocessable } from '../errors';
import { parseGoDuration } from '../durations';
import { validateEmail } from '../emails';
import { readJsonObject } from '../http';
import { mergeMetadata } from '../metadata';
import { optionalBoolean, optionalObject, optionalString } from '../params';
import { checkPasswordStrength, hashPassword } from '../passwords';
import { isUuid, requireAdmin } from '../request-auth';
import { deleteSessions } from '../sessions-repo';
import { toUserJson } from '../user-json';
import {
	deleteUser,
	findIdentities,
	findIdentitiesForUsers,
	findUserById,
	insertUserWithEmailIdentity,
	isEmailTaken,
	listUsers,
	softDeleteUser,
	updateUser,
	type UserChanges,
	type UserRow
} from '../users-repo';

const DEFAULT_PER_PAGE = 50;
/** Keeps LIMIT/OFFSET inside Postgres' bigint; no real listing comes near it. */
const MAX_PAGINATION_VALUE = 2_147_483_647;
const EMAIL_TAKEN = 'A user with this email address has already been registered';

export const createUser: Handler = async (context, request) => {
	await requireAdmin(context, request);
	const body = await readJsonObject(request.raw);
	const id = optionalString(body, 'id');
	const email = optionalString(body, 'email') ?? '';
	const phone = optionalString(body, 'phone') ?? '';
	const password = optionalString(body, 'password');
	const emailConfirm = optionalBoolean(body, 'email_confirm') ?? false;
	const userMetadata = optionalObject(body, 'user_metadata') ?? {};
	const appMetadata = optionalObject(body, 'app_metadata');
	const role = optionalString(body, 'role');
	const banDuration = optionalString(body, 'ban_duration');
	const aud = optionalString(body, 'aud') || context.config.audience;

	if (email === '' && phone === '') {
		throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');
	}
	if (phone !== '') {
		throw badRequest('validation_failed', 'Phone users are not supported by the local auth server');
	}
	if (id !== undefined && !isUuid(id)) throw badRequest('validation_failed', 'id must be a UUID');
	const normalizedEmail = validateEmail(email);
	if (password !== undefined) checkPasswordStrength(password, context.config.minimumPasswordLength);
	const bannedUntil = banDuration !== undefined ? banUntil(banDuration) : undefined;
	// No password: GoTrue stores a random one, so the account can only sign in after a reset.
	const passwordHash = await hashPassword(
		password ?? randomBytes(32).toString('base64url').slice(0, 64)
	);

	const created = await context.sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(hashtext(${`signup:${normalizedEmail}`}))`;
		if (await isEmailTaken(tx, normalizedEmail)) throw unprocessable('email_exists', EMAIL_TAKEN);
		if (id !== undefined && (await findUserById(tx, id))) {
			throw unprocessable('email_exists', 'A user with this id has already been registered');
		}
		return insertUserWithEmailIdentity(tx, {
			id,
			email: normalizedEmail,
			passwordHash,
			emailConfirmed: emailConfirm,
			appMetadata: mergeMetadata({ provider: 'email', providers: ['email'] }, appMetadata ?? {}),
			userMetadata,
			aud,
			role: role || context.config.audience,
			bannedUntil
		});
	});
	context.log(`admin created user ${created.id}`);
	return { status: 200, body: await userJson(context, created) };
};

export const listAllUsers: Handler = async (context, request) => {
	await requireAdmin(context, request);
	const page = paginationParam(request, 'page') ?? 1;
	const perPage = paginationParam(request, 'per_page') ?? DEFAULT_PER_PAGE;
	const aud = context.config.audience;

	const { users, total } = await listUsers(context.sql, aud, page, perPage);
	const identities = await findIdentitiesForUsers(
		context.sql,
		users.map((user) => user.id)
	);
	return {
		status: 200,
		headers: paginationHeaders(page, perPage, total),
		body: { users: users.map((user) => toUserJson(user, identities.get(user.id) ?? [])), aud }
	};
};

export const getUserById: Handler = async (context, request) => {
	await requireAdmin(context, request);
	const user = await loadTargetUser(context, request);
	return { status: 200, body: await userJson(context, user) };
};

export const updateUserById: Handler = async (context, request) => {
	await requireAdmin(context, request);
	const user = await loadTargetUser(context, request);
	const body = await readJsonObject(request.raw);
	const email = optionalString(body, 'email');
	const password = optionalString(body, 'password');
	const emailConfirm = optionalBoolean(body, 'email_confirm');
	const userMetadata = optionalObject(body, 'user_metadata');
	const appMetadata = optionalObject(body, 'app_metadata');
	const role = optionalString(body, 'role');
	const banDuration = optionalString(body, 'ban_duration');

	const changes: UserChanges = {};
	if (email) {
		const normalizedEmail = validateEmail(email);
		if (normalizedEmail !== user.email) {
			if (await isEmailTaken(context.sql, normalizedEmail, user.id)) {
				throw unprocessable('email_exists', EMAIL_TAKEN);
			}
			changes.email = normalizedEmail;
		}
	}
	if (password !== undefined) {
		checkPasswordStrength(password, context.config.minimumPasswordLength);
		changes.passwordHash = await hashPassword(password);
	}
	if (emailConfirm !== undefined) changes.emailConfirmed = emailConfirm;
	if (userMetadata) changes.userMetadata = mergeMetadata(user.raw_user_meta_data, userMetadata);
	if (appMetadata) changes.appMetadata = mergeMetadata(user.raw_app_meta_data, appMetadata);
	if (role) changes.role = role;
	if (banDuration !== undefined) changes.bannedUntil = banUntil(banDuration);

	const updated = await context.sql.begin(async (tx) => {
		const row = await updateUser(tx, user.id, changes);
		// GoTrue's UpdatePassword(tx, nil): an admin password change signs out every session.
		if (changes.passwordHash) await deleteSessions(tx, user.id, 'global', undefined);
		return row;
	});
	context.log(`admin updated user ${user.id}`);
	return { status: 200, body: await userJson(context, updated) };
};

export const deleteUserById: Handler = async (context, request) => {
	await requireAdmin(context, request);
	const user = await loadTargetUser(context, request);
	const body = await readJsonObject(request.raw);
	const softDelete = optionalBoolean(body, 'should_soft_delete') ?? false;

	await context.sql.begin(async (tx) => {
		if (softDelete) {
			await deleteSessions(tx, user.id, 'global', undefined);
			await softDeleteUser(tx, user.id);
		} else {
			await deleteUser(tx, user.id);
		}
	});
	context.log(`admin ${softDelete ? 'soft-' : ''}deleted user ${user.id}`);
	return { status: 200, body: {} };
};

async function loadTargetUser(context: AuthContext, request: AuthRequest): Promise<UserRow> {
	const id = request.params.id ?? '';
	if (!isUuid(id)) throw notFound('validation_failed', 'user_id must be an UUID');
	const user = await findUserById(context.sql, id);
	if (!user) throw notFound('user_not_found', 'User not found');
	return user;
}

async function userJson(context: AuthContext, user: UserRow) {
	return toUserJson(user, await findIdentities(context.sql, user.id));
}

function banUntil(duration: string): Date | null {
	if (duration === 'none') return null;
	const until = new Date(Date.now() + parseGoDuration(duration));
	// Go durations stop at ~292 years; anything past what a timestamp can hold is refused too.
	if (Number.isNaN(until.getTime()) || until.getUTCFullYear() > 9999) {
		throw badRequest(
			'validation_failed',
			`invalid format for ban duration: "${duration}" is too long`
		);
	}
	return until;
}

/** auth-js always sends `page` and `per_page`, possibly empty: empty means the default. */
function paginationParam(request: AuthRequest, name: string): number | undefined {
	const raw = request.query.get(name);
	if (raw === null || raw === '') return undefined;
	const value = Number(raw);
	if (!/^\d+$/.test(raw) || value > MAX_PAGINATION_VALUE) {
		throw badRequest('validation_failed', 'Bad Pagination Parameters');
	}
	return value > 0 ? value : undefined;
}

/** GoTrue's addPaginationHeaders: `next` while pages remain, always `last`; keys sorted. */
function paginationHeaders(page: number, perPage: number, total: number): Record<string, string> {
	const totalPages = Math.ceil(total / perPage);
	const link = (target: number) => `</admin/users?page=${target}&per_page=${perPage}>`;
	const parts: string[] = [];
	if (totalPages > page) parts.push(`${link(page + 1)}; rel="next"`);
	parts.push(`${link(totalPages)}; rel="last"`);
	return { Link: parts.join(', '), 'X-Total-Count': String(total) };
}
