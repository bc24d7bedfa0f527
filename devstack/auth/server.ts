/**
 * The local Supabase Auth (GoTrue) stand-in: the part of the GoTrue REST API that
 * `@supabase/supabase-js` uses, served at `<url>/auth/v1` on plain node:http and backed by the
 * real `auth.*` tables in the stack's Postgres.
 *
 * Why this exists: the app and its tests must run against the same HTTP contract as hosted
 * Supabase Auth (sessions, refresh-token rotation, error codes, ES256 JWTs with a JWKS) without
 * Docker. Also emulated here is the gateway in front of GoTrue: the `apikey` requirement,
 * Bearer-from-apikey translation and CORS. Log lines never contain passwords or tokens.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import type { AuthConfig, AuthContext, AuthRequest } from './context';
import { API_VERSION_HEADER, AuthApiHttpError, AuthOAuthError, serializeError } from './errors';
import { answerPreflight, sendJson, setCorsHeaders } from './http';
import { createJwtCodec } from './jwt';
import type { AuthKeys } from './keys';
import { checkApiKey } from './request-auth';
import { matchRoute } from './router';

const PREFIX = '/auth/v1';

export interface AuthServerOptions {
	/** 0 picks a free port. */
	port: number;
	host?: string;
	databaseUrl: string;
	keys: AuthKeys;
	/** Base URL clients use (the Supabase URL); default `http://<host>:<port>`. */
	publicUrl?: string;
	quiet?: boolean;
	/** Access-token lifetime (GoTrue default 3600). Tests shorten it. */
	jwtExpirySeconds?: number;
	/** Grace period for a rotated refresh token (GoTrue default 10). */
	refreshTokenReuseIntervalSeconds?: number;
	/** Minimum password length (Supabase CLI default 6). */
	minimumPasswordLength?: number;
}

export interface RunningAuthServer {
	/** e.g. `http://127.0.0.1:54321`; the API is under `${url}/auth/v1`. */
	url: string;
	port: number;
	close(): Promise<void>;
}

export async function startAuthServer(options: AuthServerOptions): Promise<RunningAuthServer> {
	const host = options.host ?? '127.0.0.1';
	const sql = postgres(options.databaseUrl, {
		max: 10,
		idle_timeout: 30,
		onnotice: () => undefined,
		connection: { application_name: 'bedrock-admin-local-auth' }
	});
	const log = options.quiet
		? () => undefined
		: (message: string) => console.log(`[auth] ${message}`);

	const config: AuthConfig = {
		issuer: '', // set once the port is known
		jwtExpirySeconds: options.jwtExpirySeconds ?? 3600,
		refreshTokenReuseIntervalSeconds: options.refreshTokenReuseIntervalSeconds ?? 10,
		minimumPasswordLength: options.minimumPasswordLength ?? 6,
		audience: 'authenticated',
		adminRoles: ['service_role', 'supabase_admin']
	};
	const context: AuthContext = {
		sql,
		jwt: await createJwtCodec(options.keys),
		keys: options.keys,
		config,
		log
	};

	const server = createServer((req, res) => {
		handleRequest(context, req, res).catch((error: unknown) => {
			// Only reached if writing the response itself failed.
			console.error(
				`[auth] failed to answer ${req.method} ${pathOf(req)}: ${(error as Error).message}`
			);
			res.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const url = `http://${host}:${port}`;
	config.issuer = `${(options.publicUrl ?? url).replace(/\/+$/, '')}${PREFIX}`;
	log(`listening on ${url}${PREFIX}`);

	let closed = false;
	return {
		url,
		port,
		async close() {
			if (closed) return;
			closed = true;
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			await sql.end({ timeout: 5 });
		}
	};
}

async function handleRequest(
	context: AuthContext,
	req: IncomingMessage,
	res: ServerResponse
): Promise<void> {
	setCorsHeaders(req, res);
	if (req.method === 'OPTIONS') return answerPreflight(req, res);

	const url = new URL(req.url ?? '/', 'http://localhost');
	const apiVersion = headerValue(req, API_VERSION_HEADER);
	if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) {
		// What the Supabase gateway answers for paths no service owns.
		return sendJson(res, 404, { message: 'no Route matched with those values' });
	}

	const path = url.pathname.slice(PREFIX.length) || '/';
	const method = req.method ?? 'GET';
	let match: ReturnType<typeof matchRoute>;
	try {
		match = matchRoute(method, path);
	} catch {
		match = { kind: 'not_found' };
	}
	if (match.kind !== 'found') {
		const error =
			match.kind === 'not_found'
				? new AuthApiHttpError(404, 'not_found', 'Not Found')
				: new AuthApiHttpError(405, 'validation_failed', `Method ${method} not allowed on ${path}`);
		return sendError(res, error, apiVersion);
	}

	const apiKey = headerValue(req, 'apikey') ?? url.searchParams.get('apikey') ?? undefined;
	if (match.needsApiKey) {
		const check = checkApiKey(context, apiKey);
		if (!check.ok) return sendJson(res, check.status, check.body);
	}

	const request: AuthRequest = {
		raw: req,
		method,
		path,
		query: url.searchParams,
		params: match.params,
		bearerToken: bearerTokenOf(req, apiKey),
		userAgent: headerValue(req, 'user-agent'),
		ip: req.socket.remoteAddress
	};

	try {
		const result = await match.handler(context, request);
		const headers = { ...(result.headers ?? {}) };
		if (result.status === 204) {
			res.writeHead(204, headers);
			res.end();
			return;
		}
		sendJson(res, result.status, result.body ?? {}, headers);
	} catch (error) {
		if (!(error instanceof AuthApiHttpError) && !(error instanceof AuthOAuthError)) {
			// Always reported, even when quiet: a 500 from the auth server is a bug to look at.
			console.error(`[auth] unexpected failure on ${method} ${path}: ${describeUnexpected(error)}`);
		}
		sendError(res, error, apiVersion);
	}
}

function sendError(res: ServerResponse, error: unknown, apiVersion: string | undefined): void {
	const { status, headers, body } = serializeError(error, apiVersion);
	sendJson(res, status, body, headers);
}

/**
 * GoTrue reads `Authorization: Bearer <token>`. Like the Supabase gateway, a request without an
 * Authorization header is forwarded with its apikey as the bearer (that is the service-role
 * key for admin calls). A malformed header yields no token (401 `no_authorization` where needed).
 */
function bearerTokenOf(req: IncomingMessage, apiKey: string | undefined): string | undefined {
	const header = headerValue(req, 'authorization');
	if (header === undefined) return apiKey;
	const match = /^bearer\s+(\S+)\s*$/i.exec(header);
	return match?.[1];
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function pathOf(req: IncomingMessage): string {
	return (req.url ?? '/').split('?')[0] ?? '/';
}

/** Class, SQLSTATE and message only: never the driver's `detail` or query parameters. */
function describeUnexpected(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const code = (error as { code?: string }).code;
	return `${error.name}${code ? ` ${code}` : ''}: ${error.message}`;
}
