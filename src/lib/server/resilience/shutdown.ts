/**
 * Graceful shutdown on SIGTERM (a rolling deploy) or SIGINT, with adapter-node.
 *
 * adapter-node, on the same signal, stops accepting connections and closes idle keep-alive
 * ones; it then waits for open requests (force-closing them after SHUTDOWN_TIMEOUT, default
 * 30 s) and emits `sveltekit:shutdown`. It never exits the process. This module does the rest:
 *
 * 1. new requests on connections still open are refused (503, Retry-After, Connection: close);
 * 2. requests and streams in flight may finish, for up to SHUTDOWN_DRAIN_MS;
 * 3. model calls still running then end: a stream with a clean "server restarting" event
 *    (`interrupted`), a plain call with SERVICE_UNAVAILABLE (model-calls.ts); each records its ledger
 *    row and settles its budget hold, and gets a moment to do so;
 * 4. the drain registry runs (see drain.ts: the place for the ledger queue and reservations);
 * 5. the database pool closes, last, since drain tasks may still write;
 * 6. the process exits 0.
 */
import { closeSql } from '../db/client';
import { resilienceConfig } from './config';
import { runDrainTasks } from './drain';
import { whenIdle, requestsInFlight } from './in-flight';
import { markShuttingDown, isShuttingDown } from './shutdown-state';
import { endAllModelCalls, modelCallsInFlight } from './model-calls';

/** Time a call gets to answer, record and settle (a stream: its final event) once ended. */
const STREAM_FLUSH_MS = 2_000;
const DRAIN_TASK_MS = 5_000;

const INSTALLED = Symbol.for('bedrock-admin.graceful-shutdown');

export function installGracefulShutdown(): void {
	const registry = globalThis as { [INSTALLED]?: boolean };
	if (registry[INSTALLED]) return;
	registry[INSTALLED] = true;
	process.once('SIGTERM', () => void shutDown('SIGTERM'));
	process.once('SIGINT', () => void shutDown('SIGINT'));
}

async function shutDown(signal: string): Promise<void> {
	if (isShuttingDown()) return;
	markShuttingDown();
	const started = performance.now();
	const log = (line: string) =>
		console.log(`[shutdown] ${line} (+${Math.round(performance.now() - started)} ms)`);
	log(
		`${signal}: draining ${requestsInFlight()} request(s), ${modelCallsInFlight()} model call(s) in flight`
	);

	const drained = await whenIdle(resilienceConfig().SHUTDOWN_DRAIN_MS);
	if (!drained) {
		const calls = modelCallsInFlight();
		endAllModelCalls();
		log(`drain time over: ended ${calls} model call(s) with "server restarting"`);
		await whenIdle(STREAM_FLUSH_MS);
	}
	for (const outcome of await runDrainTasks(DRAIN_TASK_MS)) {
		log(`drain task ${outcome.name}: ${outcome.ok ? 'done' : 'gave up'} in ${outcome.ms} ms`);
	}
	await Promise.race([closeSql(), new Promise((resolve) => setTimeout(resolve, DRAIN_TASK_MS))]);
	log(`database pool closed; ${requestsInFlight()} request(s) left; exiting 0`);
	process.exit(0);
}
