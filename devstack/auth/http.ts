/**
 * Thin node:http helpers for the auth server: body parsing with GoTrue's `bad_json` errors,
 * JSON/204 responses, and the CORS headers a browser needs to call `/auth/v1` directly.
 *
 * CORS follows GoTrue's api.go (allowed request headers, exposed `X-Total-Count`, `Link`,
 * `X-Supabase-Api-Version`, credentials allowed) plus `apikey`, which the Supabase gateway
 * accepts in front of GoTrue. Exposing `X-Supabase-Api-Version` matters: without it a browser's
 * auth-js cannot read the error `code` of versioned error bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './errors';

const MAX_BODY_BYTES = 1024 * 1024;

const ALLOWED_HEADERS = [
	'Accept',
	'Authorization',
	'Content-Type',
	'X-Client-IP',
	'X-Client-Info',
	'X-JWT-AUD',
	'x-use-cookie',
	'X-Supabase-Api-Version',
	'apikey',
	'x-upsert'
].join(', ');
const EXPOSED_HEADERS = 'X-Total-Count, Link, X-Supabase-Api-Version, x-sb-error-code';

export function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
	const origin = req.headers.origin;
	res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
	if (origin) {
		res.setHeader('Access-Control-Allow-Credentials', 'true');
		res.setHeader('Vary', 'Origin');
	}
	res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
	res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
	// Echo what the browser asks for (as the gateway's cors plugin does), else our list.
	res.setHeader(
		'Access-Control-Allow-Headers',
		req.headers['access-control-request-headers'] ?? ALLOWED_HEADERS
	);
	res.setHeader('Access-Control-Max-Age', '3600');
	res.writeHead(204);
	res.end();
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
): void {
	const payload = JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(payload)
	});
	res.end(payload);
}

export function sendNoContent(res: ServerResponse): void {
	res.writeHead(204);
	res.end();
}

/**
 * Reads a JSON object body. An empty body counts as `{}` (GoTrue does the same); anything that
 * is not a JSON object is GoTrue's 400 `bad_json`.
 */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) {
			throw badRequest('bad_json', 'Could not read body into byte slice: request body too large');
		}
		chunks.push(chunk as Buffer);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw badRequest(
			'bad_json',
			`Could not parse request body as JSON: ${(error as Error).message}`
		);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw badRequest('bad_json', 'Could not parse request body as JSON: expected a JSON object');
	}
	return parsed as Record<string, unknown>;
}
