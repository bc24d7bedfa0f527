/**
 * The route table under `/auth/v1` and which routes skip the gateway's apikey check.
 * `/.well-known/jwks.json` and `/health` are open so token verifiers (jose's
 * createRemoteJWKSet, load balancers) need no key, as on hosted Supabase.
 */
import type { Handler } from './context';
import {
	createUser,
	deleteUserById,
	getUserById,
	listAllUsers,
	updateUserById
} from './routes/admin-users';
import { logout } from './routes/logout';
import { health, jwks, settings } from './routes/public-info';
import { signup } from './routes/signup';
import { token } from './routes/token';
import { getUser, updateCurrentUser } from './routes/user';

interface Route {
	method: string;
	pattern: RegExp;
	paramNames: string[];
	handler: Handler;
	needsApiKey: boolean;
}

function route(method: string, path: string, handler: Handler, needsApiKey = true): Route {
	const paramNames: string[] = [];
	const source = path.replace(/:([a-z_]+)/g, (_, name: string) => {
		paramNames.push(name);
		return '([^/]+)';
	});
	return { method, pattern: new RegExp(`^${source}/?$`), paramNames, handler, needsApiKey };
}

const ROUTES: Route[] = [
	route('GET', '/health', health, false),
	route('GET', '/.well-known/jwks.json', jwks, false),
	route('GET', '/settings', settings),
	route('POST', '/signup', signup),
	route('POST', '/token', token),
	route('GET', '/user', getUser),
	route('PUT', '/user', updateCurrentUser),
	route('POST', '/logout', logout),
	route('POST', '/admin/users', createUser),
	route('GET', '/admin/users', listAllUsers),
	route('GET', '/admin/users/:id', getUserById),
	route('PUT', '/admin/users/:id', updateUserById),
	route('DELETE', '/admin/users/:id', deleteUserById)
];

export type RouteMatch =
	| { kind: 'found'; handler: Handler; params: Record<string, string>; needsApiKey: boolean }
	| { kind: 'method_not_allowed' }
	| { kind: 'not_found' };

export function matchRoute(method: string, path: string): RouteMatch {
	let pathMatched = false;
	for (const candidate of ROUTES) {
		const match = candidate.pattern.exec(path);
		if (!match) continue;
		pathMatched = true;
		if (candidate.method !== method) continue;
		const params: Record<string, string> = {};
		candidate.paramNames.forEach((name, index) => {
			params[name] = decodeURIComponent(match[index + 1] ?? '');
		});
		return {
			kind: 'found',
			handler: candidate.handler,
			params,
			needsApiKey: candidate.needsApiKey
		};
	}
	return pathMatched ? { kind: 'method_not_allowed' } : { kind: 'not_found' };
}
