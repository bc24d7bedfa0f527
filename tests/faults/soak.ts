/**
 * The soak step of `npm run faults`: many concurrent connections (default 1,000) to the models
 * page and the API for a while (default 60 s), loopback only, against an app with the default
 * MAX_CONCURRENT_REQUESTS, so the overload guard bounds the work. Every answer must be 200 or
 * the documented 503 with Retry-After; the app's resident memory must come back within 10% of
 * its level before the load, and a second round of the load must not grow it again by more than
 * 5% (a leak would). Each connection behaves like a client that reads the answer: after
 * a 503 it waits the Retry-After it was given before asking again.
 *
 * The "before" level is taken after a short warm-up at the same concurrency and a pause: the
 * first requests grow the heap and JIT caches once, which is not a leak.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FaultStack } from './harness';
import { listenOverflows, overflowsBetween } from './listen-overflows';
import type { FaultRecorder } from './record';

export interface SoakOptions {
	connections: number;
	seconds: number;
}

/** One line of /proc/<pid>/status, in MB (VmRSS: resident; VmHWM: its peak; RssAnon: heap). */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon'): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return Math.round(kb / 1024);
}

const rssMb = (pid: number) => statusMb(pid, 'VmRSS');

/**
 * What the row reports besides the total: the anonymous part (the JS heap and malloc; the rest
 * is mapped files, code) and the peak, so a failure says whether the heap or a high-water mark
 * is what stayed. (Measured ad hoc on 1918b83: it is V8's old space, which grows to about four
 * times the live heap under this load and is handed back by V8's memory reducer ~25-32 s after
 * the load ends.)
 */
const anonMb = (pid: number) => statusMb(pid, 'RssAnon');

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * How long, at most, the app is given to hand memory back once a load has ended. V8 keeps the
 * old space it grew under load (about four times the live heap) until its memory reducer runs,
 * which it does only once the process has been idle for a while: 25-32 s after this load in
 * every traced run (ad hoc, --trace-gc, on 1918b83). A 30 s window ended on that boundary, so
 * the rows passed or failed on when the reducer ran; 60 s covers it. The row passes as soon as
 * memory is back, and reports when that was.
 */
const SETTLE_MS = 60_000;

/**
 * The app's resident memory once the load is over: sampled every second until it is at most
 * `target` MB or SETTLE_MS have passed, the lowest sample. V8's memory reducer shrinks the
 * heap only after the process has been idle for some seconds, so a single sample taken a
 * fixed time after the load measures when the reducer ran as much as what is held.
 */
async function settledRssMb(pid: number, target: number): Promise<{ mb: number; ms: number }> {
	const started = performance.now();
	let lowest = rssMb(pid);
	while (lowest > target && performance.now() - started < SETTLE_MS) {
		await sleep(1_000);
		lowest = Math.min(lowest, rssMb(pid));
	}
	return { mb: lowest, ms: Math.round(performance.now() - started) };
}

const change = (from: number, to: number) =>
	`${to >= from ? '+' : ''}${Math.round(((to - from) / from) * 100)}%`;

interface Tally {
	ok: number;
	refused: number;
	refusedWithoutRetryAfter: number;
	other: Map<string, number>;
}

/**
 * A failed request as the row reports it: the error's name and, for fetch's TypeError, the
 * network cause undici gives (a connect timeout, a reset, a socket closed by the other side), so
 * a failure says where it happened.
 */
function errorKey(err: unknown): string {
	if (!(err instanceof Error)) return 'error';
	const cause = err.cause as { code?: unknown; name?: unknown } | undefined;
	const detail = typeof cause?.code === 'string' ? cause.code : cause?.name;
	return typeof detail === 'string' ? `${err.name}: ${detail}` : err.name;
}

async function load(
	h: FaultStack,
	cookie: string,
	options: SoakOptions,
	seconds: number
): Promise<Tally> {
	const tally: Tally = { ok: 0, refused: 0, refusedWithoutRetryAfter: 0, other: new Map() };
	const until = Date.now() + seconds * 1000;
	const page = `${h.appUrl}/admin/supabase-bedrock/models?provider=Anthropic`;
	const api = `${h.appUrl}/api/trpc/models.list?input=${encodeURIComponent('{"search":"claude"}')}`;
	const worker = async (index: number) => {
		while (Date.now() < until) {
			const toPage = index % 2 === 0;
			try {
				const response = await fetch(toPage ? page : api, {
					headers: toPage
						? { cookie, accept: 'text/html' }
						: { authorization: `Bearer ${h.token}` },
					signal: AbortSignal.timeout(30_000)
				});
				await response.arrayBuffer();
				if (response.status === 200) tally.ok++;
				else if (response.status === 503) {
					tally.refused++;
					const retryAfter = Number(response.headers.get('retry-after'));
					if (!retryAfter) tally.refusedWithoutRetryAfter++;
					// As a well-behaved client does: wait as told before asking again, instead of
					// turning every refusal into a new request at once.
					else await sleep(Math.min(retryAfter, 5) * 1000);
				} else {
					const key = `HTTP ${response.status}`;
					tally.other.set(key, (tally.other.get(key) ?? 0) + 1);
				}
			} catch (err) {
				const key = `${errorKey(err)} (${toPage ? 'page' : 'API'})`;
				tally.other.set(key, (tally.other.get(key) ?? 0) + 1);
			}
		}
	};
	await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
	return tally;
}

export async function soak(
	h: FaultStack,
	r: FaultRecorder,
	cookie: string,
	options: SoakOptions
): Promise<void> {
	const fault = `soak: ${options.connections} connections for ${options.seconds} s`;
	const pid = h.appPid();
	await load(h, cookie, options, 5);
	await sleep(5_000);
	const before = rssMb(pid);
	const anonBefore = anonMb(pid);
	const started = performance.now();
	// The load generator shares the machine's cores with the app: how late its own event loop
	// ran says whether a client-side timeout could be the client's doing.
	const clientLag = monitorEventLoopDelay({ resolution: 20 });
	clientLag.enable();
	const overflowsBefore = listenOverflows();
	const tally = await load(h, cookie, options, options.seconds);
	const dropped = overflowsBetween(overflowsBefore, listenOverflows());
	const overflows =
		dropped === undefined
			? ''
			: `; the kernel dropped ${dropped} connection attempts at a full accept queue`;
	clientLag.disable();
	const ms = Math.round(performance.now() - started);
	const lagMs = (ns: number) => Math.round(ns / 1e6);
	const peak = statusMb(pid, 'VmHWM');
	const others = [...tally.other].map(([k, n]) => `${n}× ${k}`).join(', ');
	r.check({
		fault,
		call: 'models page + models.list',
		expected: 'only 200 and 503 with Retry-After',
		got: `${tally.ok}× 200, ${tally.refused}× 503${others ? `, ${others}` : ''} (load generator's event loop late by ${lagMs(clientLag.percentile(99))} ms at p99, ${lagMs(clientLag.max)} ms at most${overflows})`,
		ms,
		matches: tally.other.size === 0 && tally.refusedWithoutRetryAfter === 0 && tally.ok > 0
	});
	const after = await settledRssMb(pid, before * 1.1);
	r.check({
		fault,
		call: 'app resident memory',
		expected: `back within 10% of before, within ${SETTLE_MS / 1000} s`,
		got: `${before} MB before (anon ${anonBefore}), peak ${peak}, ${after.mb} MB after (${change(before, after.mb)}, anon ${anonMb(pid)}) ${Math.round(after.ms / 1000)} s after the load`,
		ms: after.ms,
		matches: after.mb <= before * 1.1
	});
	// Node seldom gives memory back to the system, so "back to the start" can fail without a
	// leak. A second round of the same load tells them apart: a leak grows again, a high-water
	// mark does not.
	await load(h, cookie, options, options.seconds);
	const second = await settledRssMb(pid, after.mb * 1.05);
	r.check({
		fault,
		call: 'app resident memory, a second round of the load',
		expected: `within 5% of after the first (no leak), within ${SETTLE_MS / 1000} s`,
		got: `${after.mb} MB after the first, ${second.mb} MB after the second (${change(after.mb, second.mb)})`,
		ms: second.ms,
		matches: second.mb <= after.mb * 1.05
	});
}
