/**
 * What every route handler receives: the database, the JWT codec, the resolved configuration,
 * and the parsed request. Handlers return a plain result; the router writes it (and errors).
 */
import type { IncomingMessage } from 'node:http';
import type postgres from 'postgres';
import type { JwtCodec } from './jwt';
import type { AuthKeys } from './keys';

export type Sql = postgres.Sql;
/** A connection or an open transaction: repository functions accept either. */
export type Db = postgres.Sql | postgres.TransactionSql;

export interface AuthConfig {
	/** `iss` of access tokens: `<public url>/auth/v1`, like GOTRUE_JWT_ISSUER in the CLI. */
	issuer: string;
	/** GOTRUE_JWT_EXP (default 3600). */
	jwtExpirySeconds: number;
	/** GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL (default 10). */
	refreshTokenReuseIntervalSeconds: number;
	/** GOTRUE_PASSWORD_MIN_LENGTH (CLI default 6). */
	minimumPasswordLength: number;
	/** GOTRUE_JWT_AUD / GOTRUE_JWT_DEFAULT_GROUP_NAME. */
	audience: 'authenticated';
	/** GOTRUE_JWT_ADMIN_ROLES. */
	adminRoles: readonly string[];
}

export interface AuthContext {
	sql: Sql;
	jwt: JwtCodec;
	keys: AuthKeys;
	config: AuthConfig;
	/** Operational log line (never passwords or tokens). */
	log(message: string): void;
}

export interface AuthRequest {
	raw: IncomingMessage;
	method: string;
	/** Path below `/auth/v1`, e.g. `/token`. */
	path: string;
	query: URLSearchParams;
	/** Route parameters, e.g. `{ id }` for `/admin/users/:id`. */
	params: Record<string, string>;
	/** `Authorization: Bearer …` after the gateway's apikey translation; undefined when absent. */
	bearerToken: string | undefined;
	userAgent: string | undefined;
	ip: string | undefined;
}

export interface HandlerResult {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type Handler = (context: AuthContext, request: AuthRequest) => Promise<HandlerResult>;
