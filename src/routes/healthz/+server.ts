/**
 * Liveness and dependency check for load balancers and operators: can this instance
 * reach Postgres and the auth server? 200 when both answer, 503 otherwise. No details
 * beyond ok/latency: the endpoint is public.
 */
import { json } from '@sveltejs/kit';
import { pingDatabase } from '$lib/server/db/ping';
import { serverEnv, supabaseAuthUrl } from '$lib/server/env';
import type { RequestHandler } from './$types';

const TIMEOUT_MS = 2_000;

type Check = { ok: boolean; latencyMs: number };

async function timed(probe: () => Promise<unknown>): Promise<Check> {
	const started = performance.now();
	try {
		await Promise.race([
			probe(),
			new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref())
		]);
		return { ok: true, latencyMs: Math.round(performance.now() - started) };
	} catch {
		return { ok: false, latencyMs: Math.round(performance.now() - started) };
	}
}

export const GET: RequestHandler = async () => {
	const [database, auth] = await Promise.all([
		timed(pingDatabase),
		timed(async () => {
			const response = await fetch(`${supabaseAuthUrl()}/health`, {
				headers: { apikey: serverEnv().PUBLIC_SUPABASE_ANON_KEY },
				signal: AbortSignal.timeout(TIMEOUT_MS)
			});
			await response.body?.cancel();
			if (!response.ok) throw new Error(`auth health ${response.status}`);
		})
	]);
	const ok = database.ok && auth.ok;
	return json(
		{ status: ok ? 'ok' : 'degraded', database, auth },
		{ status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
