/**
 * auth.sessions and auth.refresh_tokens, following GoTrue's models (sessions.go,
 * refresh_token.go):
 * - one session row per sign-in; its id is the access token's `session_id` claim;
 * - refresh tokens are GoTrue's legacy 12-character lowercase alphanumeric strings, chained by
 *   `parent` within a session; rotation revokes the old token and inserts its child;
 * - `refresh_tokens.user_id` is varchar (not uuid) in GoTrue's schema;
 * - deleting a session removes its refresh tokens through the FK cascade (that is logout).
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from './context';
import { NIL_INSTANCE_ID } from './users-repo';

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const TOKEN_LENGTH = 12;

export interface SessionRow {
	id: string;
	user_id: string;
	created_at: Date;
	aal: string | null;
}

export interface RefreshTokenRow {
	id: string;
	token: string;
	user_id: string;
	revoked: boolean;
	parent: string | null;
	session_id: string | null;
	updated_at: Date;
}

export interface ClientInfo {
	userAgent: string | undefined;
	ip: string | undefined;
}

/** GoTrue's crypto.SecureAlphanumeric(12). */
function newRefreshTokenString(): string {
	let token = '';
	for (let i = 0; i < TOKEN_LENGTH; i++) token += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
	return token;
}

export async function createSession(
	db: Db,
	userId: string,
	client: ClientInfo
): Promise<SessionRow> {
	const [session] = await db<SessionRow[]>`
		insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
		values (${randomUUID()}, ${userId}, now(), now(), 'aal1', ${client.userAgent ?? null},
			${client.ip ?? null}::inet)
		returning id, user_id, created_at, aal::text as aal`;
	return session as SessionRow;
}

export async function findSession(db: Db, sessionId: string): Promise<SessionRow | undefined> {
	const [session] = await db<SessionRow[]>`
		select id, user_id, created_at, aal::text as aal from auth.sessions where id = ${sessionId}`;
	return session;
}

export async function insertRefreshToken(
	db: Db,
	userId: string,
	sessionId: string,
	parent: string | null
): Promise<RefreshTokenRow> {
	const [row] = await db<RefreshTokenRow[]>`
		insert into auth.refresh_tokens (instance_id, token, user_id, revoked, parent, session_id,
			created_at, updated_at)
		values (${NIL_INSTANCE_ID}, ${newRefreshTokenString()}, ${userId}, false, ${parent},
			${sessionId}, now(), now())
		returning id::text, token, user_id, revoked, parent, session_id, updated_at`;
	return row as RefreshTokenRow;
}

/** The token row, locked for the rest of the transaction when `forUpdate`. */
export async function findRefreshToken(
	db: Db,
	token: string,
	forUpdate: boolean
): Promise<RefreshTokenRow | undefined> {
	const [row] = forUpdate
		? await db<RefreshTokenRow[]>`
			select id::text, token, user_id, revoked, parent, session_id, updated_at
			from auth.refresh_tokens where token = ${token} for update`
		: await db<RefreshTokenRow[]>`
			select id::text, token, user_id, revoked, parent, session_id, updated_at
			from auth.refresh_tokens where token = ${token}`;
	return row;
}

/** The newest unrevoked token of the session (GoTrue's FindCurrentlyActiveRefreshToken). */
export async function findActiveRefreshToken(
	db: Db,
	sessionId: string
): Promise<RefreshTokenRow | undefined> {
	const [row] = await db<RefreshTokenRow[]>`
		select id::text, token, user_id, revoked, parent, session_id, updated_at
		from auth.refresh_tokens where session_id = ${sessionId} and revoked = false
		order by id desc limit 1`;
	return row;
}

/** Marks a token used. `updated_at` is when the reuse interval starts counting. */
export async function revokeRefreshToken(db: Db, tokenId: string): Promise<void> {
	await db`
		update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${tokenId}`;
}

/** Reuse detected: every still-valid token of the session is revoked (RevokeTokenFamily). */
export async function revokeSessionTokens(db: Db, sessionId: string): Promise<void> {
	await db`
		update auth.refresh_tokens set revoked = true, updated_at = now()
		where session_id = ${sessionId} and revoked = false`;
}

export async function markSessionRefreshed(
	db: Db,
	sessionId: string,
	client: ClientInfo
): Promise<void> {
	await db`
		update auth.sessions
		set refreshed_at = (now() at time zone 'utc'), updated_at = now(),
			user_agent = ${client.userAgent ?? null}, ip = ${client.ip ?? null}::inet
		where id = ${sessionId}`;
}

export type LogoutScope = 'global' | 'local' | 'others';

/** Deletes sessions (and, by cascade, their refresh tokens) as GoTrue's Logout* functions. */
export async function deleteSessions(
	db: Db,
	userId: string,
	scope: LogoutScope,
	currentSessionId: string | undefined
): Promise<void> {
	if (scope === 'local') {
		if (currentSessionId) await db`delete from auth.sessions where id = ${currentSessionId}`;
		return;
	}
	if (scope === 'others') {
		await db`
			delete from auth.sessions
			where user_id = ${userId} and id is distinct from ${currentSessionId ?? null}::uuid`;
		return;
	}
	await db`delete from auth.sessions where user_id = ${userId}`;
	// Tokens from before sessions existed have no session row to cascade from.
	await db`delete from auth.refresh_tokens where user_id = ${userId}`;
}
