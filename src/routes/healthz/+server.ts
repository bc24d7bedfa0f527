/**
 * Liveness and dependency check for load balancers and operators: can this instance reach
 * Postgres and the auth server, and what do their circuit breakers say? 200 when both answer,
 * 503 otherwise, with `down` naming the dependencies that do not. No details beyond that: the
 * endpoint is public.
 *
 * The probes run through the same breakers as requests: while a circuit is open the probe is
 * refused at once (no deadline spent), and once its cooldown is over a probe here may be the
 * one call that closes it again.
 *
 * AWS is reported, not probed: this server holds no AWS identity of its own, so `aws.circuits`
 * lists the breaker of each service and Region that requests have used. An open AWS circuit
 * makes the status `degraded` but keeps the answer 200: taking this instance out of a load
 * balancer would not bring Bedrock back, and the app still serves (flagged fallback data).
 */
import { json } from '@sveltejs/kit';
import { fetchWithTimeout } from '$lib/server/auth/fetch-with-timeout';
import { pingDatabase } from '$lib/server/db/ping';
import { serverEnv, supabaseAuthUrl } from '$lib/server/env';
import type { Dependency } from '$lib/server/errors';
import type { BreakerState } from '$lib/server/resilience/breaker';
import { breakerFor } from '$lib/server/resilience/breakers';
import { awsCircuits } from '$lib/server/aws/circuit';
import type { RequestHandler } from './$types';

const TIMEOUT_MS = 2_000;

type Check = { ok: boolean; latencyMs: number; circuit: BreakerState };

async function timed(dependency: Dependency, probe: () => Promise<unknown>): Promise<Check> {
	const started = performance.now();
	let ok = true;
	try {
		await Promise.race([
			probe(),
			new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref())
		]);
	} catch {
		ok = false;
	}
	const latencyMs = Math.round(performance.now() - started);
	return { ok, latencyMs, circuit: breakerFor(dependency).state };
}

export const GET: RequestHandler = async () => {
	const [database, auth] = await Promise.all([
		timed('database', pingDatabase),
		timed('auth', async () => {
			const response = await fetchWithTimeout(TIMEOUT_MS, breakerFor('auth'))(
				`${supabaseAuthUrl()}/health`,
				{ headers: { apikey: serverEnv().PUBLIC_SUPABASE_ANON_KEY } }
			);
			await response.body?.cancel();
			if (!response.ok) throw new Error(`auth health ${response.status}`);
		})
	]);
	const down = (['database', 'auth'] as const).filter((name) => !{ database, auth }[name].ok);
	const circuits = awsCircuits().map(({ service, region, state }) => ({ service, region, state }));
	const awsDegraded = circuits.some((circuit) => circuit.state !== 'closed');
	return json(
		{
			status: down.length === 0 && !awsDegraded ? 'ok' : 'degraded',
			down,
			database,
			auth,
			aws: { circuits }
		},
		{ status: down.length === 0 ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
