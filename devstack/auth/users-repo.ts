/**
 * auth.users and auth.identities access, with GoTrue's column conventions so that rows written
 * here are readable by real GoTrue and vice versa:
 * - every lookup is scoped to `instance_id = <nil uuid>` (GoTrue's FindUserByEmailAndAudience);
 * - emails are stored lowercased and matched with `lower(email)`;
 * - token columns are written as '' (GoTrue's Go strings; NULL there makes real GoTrue fail
 *   with "converting NULL to string is unsupported");
 * - `confirmed_at` is a generated column and is never written.
 */
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { Db } from './context';

export const NIL_INSTANCE_ID = '00000000-0000-0000-0000-000000000000';

export interface UserRow {
	id: string;
	aud: string | null;
	role: string | null;
	email: string | null;
	encrypted_password: string | null;
	email_confirmed_at: Date | null;
	invited_at: Date | null;
	confirmation_sent_at: Date | null;
	recovery_sent_at: Date | null;
	email_change: string | null;
	email_change_sent_at: Date | null;
	last_sign_in_at: Date | null;
	raw_app_meta_data: Record<string, unknown> | null;
	raw_user_meta_data: Record<string, unknown> | null;
	created_at: Date | null;
	updated_at: Date | null;
	phone: string | null;
	phone_confirmed_at: Date | null;
	phone_change: string | null;
	phone_change_sent_at: Date | null;
	confirmed_at: Date | null;
	banned_until: Date | null;
	deleted_at: Date | null;
	is_anonymous: boolean;
}

export interface IdentityRow {
	id: string;
	provider_id: string;
	user_id: string;
	identity_data: Record<string, unknown> | null;
	provider: string;
	last_sign_in_at: Date | null;
	created_at: Date | null;
	updated_at: Date | null;
	email: string | null;
}

export interface NewUser {
	id?: string;
	email: string;
	passwordHash: string;
	emailConfirmed: boolean;
	appMetadata: Record<string, unknown>;
	userMetadata: Record<string, unknown>;
	aud: string;
	role: string;
	bannedUntil?: Date | null;
}

const USER_COLUMNS = [
	'id',
	'aud',
	'role',
	'email',
	'encrypted_password',
	'email_confirmed_at',
	'invited_at',
	'confirmation_sent_at',
	'recovery_sent_at',
	'email_change',
	'email_change_sent_at',
	'last_sign_in_at',
	'raw_app_meta_data',
	'raw_user_meta_data',
	'created_at',
	'updated_at',
	'phone',
	'phone_confirmed_at',
	'phone_change',
	'phone_change_sent_at',
	'confirmed_at',
	'banned_until',
	'deleted_at',
	'is_anonymous'
];

export function isBanned(user: UserRow, now = new Date()): boolean {
	return user.banned_until !== null && user.banned_until > now;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
	const [user] = await db<UserRow[]>`
		select ${db(USER_COLUMNS)} from auth.users
		where instance_id = ${NIL_INSTANCE_ID} and id = ${id}`;
	return user;
}

export async function findUserByEmail(
	db: Db,
	email: string,
	aud: string
): Promise<UserRow | undefined> {
	const [user] = await db<UserRow[]>`
		select ${db(USER_COLUMNS)} from auth.users
		where instance_id = ${NIL_INSTANCE_ID} and lower(email) = ${email.toLowerCase()}
			and aud = ${aud} and is_sso_user = false
		limit 1`;
	return user;
}

/** Another non-SSO user holding this email (GoTrue's IsDuplicatedEmail). */
export async function isEmailTaken(db: Db, email: string, exceptUserId?: string): Promise<boolean> {
	const rows = await db`
		select 1 from auth.users
		where instance_id = ${NIL_INSTANCE_ID} and lower(email) = ${email.toLowerCase()}
			and is_sso_user = false and id is distinct from ${exceptUserId ?? null}::uuid
		limit 1`;
	return rows.length > 0;
}

export async function findIdentities(db: Db, userId: string): Promise<IdentityRow[]> {
	return db<IdentityRow[]>`
		select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at,
			updated_at, email
		from auth.identities where user_id = ${userId} order by created_at`;
}

/** Inserts the user and its email identity (GoTrue's signupNewUser + createNewIdentity). */
export async function insertUserWithEmailIdentity(db: Db, user: NewUser): Promise<UserRow> {
	const id = user.id ?? randomUUID();
	const [row] = await db<UserRow[]>`
		insert into auth.users (
			instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
			raw_app_meta_data, raw_user_meta_data, banned_until, created_at, updated_at,
			confirmation_token, recovery_token, email_change_token_new, email_change,
			email_change_token_current, phone_change, phone_change_token, reauthentication_token,
			is_super_admin, is_sso_user, is_anonymous
		) values (
			${NIL_INSTANCE_ID}, ${id}, ${user.aud}, ${user.role}, ${user.email}, ${user.passwordHash},
			${user.emailConfirmed ? db`now()` : null},
			${db.json(user.appMetadata as postgres.JSONValue)}, ${db.json(user.userMetadata as postgres.JSONValue)},
			${user.bannedUntil ?? null}, now(), now(),
			'', '', '', '', '', '', '', '', false, false, false
		)
		returning ${db(USER_COLUMNS)}`;
	await db`
		insert into auth.identities (
			provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at
		) values (
			${id}, ${id},
			${db.json({ sub: id, email: user.email, email_verified: user.emailConfirmed, phone_verified: false })},
			'email', now(), now(), now()
		)`;
	return row as UserRow;
}

export interface UserChanges {
	email?: string;
	passwordHash?: string;
	emailConfirmed?: boolean;
	appMetadata?: Record<string, unknown>;
	userMetadata?: Record<string, unknown>;
	role?: string;
	/** null lifts a ban. */
	bannedUntil?: Date | null;
	/** A pending email change (PUT /user): the address waiting for confirmation. */
	emailChange?: string;
}

export async function updateUser(db: Db, id: string, changes: UserChanges): Promise<UserRow> {
	const set: Record<string, unknown> = { updated_at: new Date() };
	if (changes.email !== undefined) set.email = changes.email;
	if (changes.passwordHash !== undefined) set.encrypted_password = changes.passwordHash;
	if (changes.appMetadata !== undefined)
		set.raw_app_meta_data = db.json(changes.appMetadata as postgres.JSONValue);
	if (changes.userMetadata !== undefined)
		set.raw_user_meta_data = db.json(changes.userMetadata as postgres.JSONValue);
	if (changes.role !== undefined) set.role = changes.role;
	if (changes.bannedUntil !== undefined) set.banned_until = changes.bannedUntil;
	if (changes.emailChange !== undefined) {
		set.email_change = changes.emailChange;
		set.email_change_sent_at = new Date();
	}
	if (changes.emailConfirmed === false) set.email_confirmed_at = null;
	await db`
		update auth.users set ${db(set)}
		where instance_id = ${NIL_INSTANCE_ID} and id = ${id}`;
	if (changes.emailConfirmed === true) {
		await db`
			update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now())
			where instance_id = ${NIL_INSTANCE_ID} and id = ${id}`;
	}
	if (changes.email !== undefined) {
		// The email identity mirrors the address (identities.email is generated from it).
		await db`
			update auth.identities
			set identity_data = identity_data || ${db.json({ email: changes.email })}, updated_at = now()
			where user_id = ${id} and provider = 'email'`;
	}
	const user = await findUserById(db, id);
	if (!user) throw new Error(`user ${id} disappeared during update`);
	return user;
}

export async function touchLastSignIn(db: Db, id: string): Promise<void> {
	await db`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${id}`;
}

/** Hard delete: identities, sessions and refresh tokens go with it through FK cascades. */
export async function deleteUser(db: Db, id: string): Promise<boolean> {
	const rows = await db`
		delete from auth.users where instance_id = ${NIL_INSTANCE_ID} and id = ${id} returning id`;
	return rows.length > 0;
}

/** Soft delete (GoTrue's should_soft_delete): keeps the row, frees the email, logs out. */
export async function softDeleteUser(db: Db, id: string): Promise<void> {
	await db`
		update auth.users set deleted_at = now(), updated_at = now(), email = null, phone = null,
			encrypted_password = '', raw_app_meta_data = '{}'::jsonb, raw_user_meta_data = '{}'::jsonb
		where instance_id = ${NIL_INSTANCE_ID} and id = ${id}`;
	await db`
		update auth.identities set identity_data = '{}'::jsonb, provider_id = id::text
		where user_id = ${id}`;
}

export interface UserPage {
	users: UserRow[];
	total: number;
}

export async function listUsers(
	db: Db,
	aud: string,
	page: number,
	perPage: number
): Promise<UserPage> {
	const [count] = await db<{ total: number }[]>`
		select count(*)::int as total from auth.users
		where instance_id = ${NIL_INSTANCE_ID} and aud = ${aud}`;
	const users = await db<UserRow[]>`
		select ${db(USER_COLUMNS)} from auth.users
		where instance_id = ${NIL_INSTANCE_ID} and aud = ${aud}
		order by created_at desc, id
		limit ${perPage} offset ${(page - 1) * perPage}`;
	return { users, total: count?.total ?? 0 };
}

export async function findIdentitiesForUsers(
	db: Db,
	userIds: string[]
): Promise<Map<string, IdentityRow[]>> {
	const byUser = new Map<string, IdentityRow[]>();
	if (userIds.length === 0) return byUser;
	const rows = await db<IdentityRow[]>`
		select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at,
			updated_at, email
		from auth.identities where user_id in ${db(userIds)} order by created_at`;
	for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
	return byUser;
}
