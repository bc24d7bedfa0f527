// The emulator's own HTTP API under /__emulator/ (JSON, no SigV4): what it received, counters,
// the fault plan, key, role and API key configuration, settings and reset. Test suites drive it through
// control-client.ts; it is the emulator's equivalent of CloudTrail + IAM console + chaos switch.
import type { EmulatorContext, EmulatorSettings } from './context';
import type { Exchange } from './exchange';
import { validateKey } from './keys';
import { validateApiKey } from './api-keys';

const SETTING_KEYS = ['streamChunkDelayMs', 'latencyMs', 'provisioningDelayMs'] as const;

function parseBody(ex: Exchange): unknown {
	if (ex.body.length === 0) return undefined;
	return JSON.parse(ex.body.toString('utf8'));
}

export async function handleControlSurface(ex: Exchange, ctx: EmulatorContext): Promise<void> {
	const path = ex.rawPath.replace(/^\/__emulator/, '').replace(/\/$/, '') || '/';
	const query = new URLSearchParams(ex.rawQuery);
	const { method } = ex;
	try {
		await ex.readBody();
		const body = parseBody(ex);
		if (path === '/health' && method === 'GET') return ex.sendJson(200, { ok: true });

		if (path === '/requests' && method === 'GET') {
			let requests = ctx.state.requests();
			for (const field of ['operation', 'modelId', 'accessKeyId', 'region', 'service'] as const) {
				const wanted = query.get(field);
				if (wanted !== null) requests = requests.filter((r) => r[field] === wanted);
			}
			const since = Number(query.get('sinceSeq') ?? 0);
			if (since) requests = requests.filter((r) => r.seq > since);
			return ex.sendJson(200, { requests });
		}
		if (path === '/requests' && method === 'DELETE') {
			ctx.state.clearRequests();
			return ex.sendJson(200, { ok: true });
		}
		if (path === '/counters' && method === 'GET') {
			return ex.sendJson(200, { counters: Object.fromEntries(ctx.state.counters) });
		}

		if (path === '/faults') {
			if (method === 'PUT')
				ctx.faults.replace(
					Array.isArray(body) ? body : ((body as { rules?: unknown[] })?.rules ?? [])
				);
			else if (method === 'POST') ctx.faults.add(body);
			else if (method === 'DELETE') ctx.faults.clear();
			else if (method !== 'GET') return methodNotAllowed(ex);
			return ex.sendJson(200, { rules: ctx.faults.list() });
		}

		if (path === '/keys') {
			if (method === 'PUT') {
				const keys = Array.isArray(body) ? body : ((body as { keys?: unknown[] })?.keys ?? []);
				ctx.keys.replaceAll(keys.map(validateKey));
			} else if (method === 'POST') ctx.keys.upsert(validateKey(body));
			else if (method !== 'GET') return methodNotAllowed(ex);
			return ex.sendJson(200, { keys: ctx.keys.list() });
		}
		const keyPath = /^\/keys\/(.+)$/.exec(path);
		if (keyPath && method === 'DELETE') {
			const removed = ctx.keys.remove(decodeURIComponent(keyPath[1]!));
			return ex.sendJson(removed ? 200 : 404, { removed, keys: ctx.keys.list() });
		}

		if (path === '/roles') {
			if (method === 'PUT') {
				const roles = Array.isArray(body) ? body : ((body as { roles?: unknown[] })?.roles ?? []);
				ctx.roles.replaceAll(roles);
			} else if (method !== 'GET') return methodNotAllowed(ex);
			return ex.sendJson(200, { roles: ctx.roles.list() });
		}

		if (path === '/api-keys') {
			if (method === 'POST') ctx.apiKeys.upsert(validateApiKey(body));
			else if (method === 'DELETE') ctx.apiKeys.clear();
			else if (method !== 'GET') return methodNotAllowed(ex);
			return ex.sendJson(200, { apiKeys: ctx.apiKeys.list() });
		}

		if (path === '/settings') {
			if (method === 'PUT' || method === 'PATCH') {
				const patch = (body ?? {}) as Partial<EmulatorSettings>;
				for (const k of SETTING_KEYS) {
					const v = patch[k];
					if (v !== undefined) {
						if (typeof v !== 'number' || v < 0) throw new Error(`${k} must be a number >= 0`);
						ctx.settings[k] = v;
					}
				}
			} else if (method !== 'GET') return methodNotAllowed(ex);
			return ex.sendJson(200, { settings: ctx.settings });
		}

		if (path === '/reset' && method === 'POST') {
			ctx.state.reset();
			ctx.faults.restoreInitial();
			ctx.keys.restoreInitial();
			ctx.roles.restoreInitial();
			ctx.apiKeys.restoreInitial();
			Object.assign(ctx.settings, ctx.initialSettings);
			return ex.sendJson(200, { ok: true });
		}
		return ex.sendJson(404, { error: `no control endpoint ${method} /__emulator${path}` });
	} catch (err) {
		return ex.sendJson(400, { error: err instanceof Error ? err.message : String(err) });
	}
}

function methodNotAllowed(ex: Exchange): void {
	ex.sendJson(405, { error: `${ex.method} not allowed on ${ex.rawPath}` });
}
