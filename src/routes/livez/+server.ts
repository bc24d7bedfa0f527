/**
 * Liveness: this process is up and serving HTTP. Nothing else is asked, so it stays cheap and
 * says nothing about the database, auth or AWS (that is `/healthz`, the readiness check): an
 * orchestrator that restarts instances failing their liveness probe must not restart every
 * instance because Postgres is down. The overload guard never refuses it either: restarting an
 * instance because it is busy would only add to the load.
 *
 * It is also the floor `npm run bench` reports: what one request through this app's HTTP stack
 * (adapter-node, SvelteKit, every hook) costs before any API code runs.
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () =>
	json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
