/**
 * The faults `npm run faults` injects, one function each, in the order they run. Each leaves
 * the stack healthy again and proves it (the "serves again" rows).
 */
import { connect, type Socket } from 'node:net';
import type { ConverseStreamEvent } from '../../src/lib/schemas/invoke';
import {
	EXAMPLE_KEY,
	FAULT_APP_ENV,
	SEEDED_ADMIN,
	type ApiAnswer,
	type FaultStack
} from './harness';
import type { FaultRecorder } from './record';

const env = (name: keyof typeof FAULT_APP_ENV) => Number(FAULT_APP_ENV[name]);
const SLACK_MS = 1_500;
const DB_DEADLINE = env('DB_CONNECT_TIMEOUT_MS') + env('DB_QUERY_TIMEOUT_MS');
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const CONVERSE = { modelId: MODEL, messages: [{ role: 'user', content: 'Say hello.' }] };
const LONG_CONVERSE = {
	modelId: MODEL,
	messages: [{ role: 'user', content: 'Tell a long story.' }],
	inferenceConfig: { maxTokens: 400 }
};

export type Scenario = (h: FaultStack, r: FaultRecorder) => Promise<void>;

const describe = (a: ApiAnswer) =>
	[a.status, a.error?.code, a.error?.dependency, a.error?.awsError].filter(Boolean).join(' ');

async function until(
	call: () => Promise<ApiAnswer>,
	accept: (a: ApiAnswer) => boolean,
	withinMs: number
): Promise<ApiAnswer & { totalMs: number }> {
	const started = performance.now();
	let last: ApiAnswer | undefined;
	while (performance.now() - started < withinMs) {
		last = await call().catch(
			(err: unknown) =>
				({ status: 0, ms: 0, message: String(err), headers: new Headers() }) as ApiAnswer
		);
		if (accept(last)) break;
		await new Promise((done) => setTimeout(done, 250));
	}
	return { ...(last as ApiAnswer), totalMs: Math.round(performance.now() - started) };
}

async function servesAgain(h: FaultStack, r: FaultRecorder, fault: string, withinMs: number) {
	const back = await until(
		() => h.call('credentials.get'),
		(a) => a.status === 200,
		withinMs
	);
	r.check({
		fault,
		call: 'credentials.get until 200 (serves again)',
		expected: '200',
		got: describe(back),
		ms: back.totalMs,
		boundMs: withinMs,
		matches: back.status === 200
	});
}

/** Collects a stream's events; resolves when it completes or fails. */
function stream(h: FaultStack, input: unknown, onEvent?: (e: ConverseStreamEvent) => void) {
	const started = performance.now();
	return new Promise<{
		events: ConverseStreamEvent[];
		error?: { code?: string; message: string };
		ms: number;
	}>((resolve) => {
		const events: ConverseStreamEvent[] = [];
		const done = (error?: { code?: string; message: string }) =>
			resolve({ events, error, ms: Math.round(performance.now() - started) });
		const sub = h.client().invoke.converseStream.subscribe(input as never, {
			onData: (event) => {
				events.push(event as ConverseStreamEvent);
				onEvent?.(event as ConverseStreamEvent);
			},
			onComplete: () => done(),
			onStopped: () => done(),
			onError: (err) => {
				sub.unsubscribe();
				done({ code: (err as { data?: { code?: string } }).data?.code, message: err.message });
			}
		});
	});
}

const deltas = (events: ConverseStreamEvent[]) => events.filter((e) => e.type === 'delta').length;
const lastEvent = (events: ConverseStreamEvent[]) => events.at(-1);

export const setUp: Scenario = async (h) => {
	const saved = await h.call('credentials.save', { ...EXAMPLE_KEY, region: 'us-east-1' });
	if (saved.status !== 200)
		throw new Error(`could not save credentials: ${saved.status} ${saved.message}`);
};

export const postgresHung: Scenario = async (h, r) => {
	const fault = 'Postgres hung (SIGSTOP)';
	const admin = await h.signInThroughApp(SEEDED_ADMIN);
	h.freezePostgres();
	try {
		for (let i = 1; i <= env('BREAKER_FAILURE_THRESHOLD'); i++) {
			const a = await h.call('credentials.get');
			r.check({
				fault,
				call: `credentials.get #${i}`,
				expected: '503 SERVICE_UNAVAILABLE database',
				got: describe(a),
				ms: a.ms,
				boundMs: DB_DEADLINE + SLACK_MS,
				matches: a.status === 503 && a.error?.dependency === 'database'
			});
		}
		const fast = await h.call('credentials.get');
		r.check({
			fault,
			call: 'credentials.get, circuit open',
			expected: '503 SERVICE_UNAVAILABLE database, at once',
			got: describe(fast),
			ms: fast.ms,
			boundMs: 500,
			matches: fast.status === 503 && fast.error?.dependency === 'database'
		});
		const health = await h.get('/healthz');
		const body = JSON.parse(health.text) as { down?: string[] };
		r.check({
			fault,
			call: 'GET /healthz',
			expected: '503 down: database',
			got: `${health.status} down: ${body.down?.join(',')}`,
			ms: health.ms,
			boundMs: 2_000 + SLACK_MS,
			matches: health.status === 503 && (body.down ?? []).includes('database')
		});
		const page = await h.get('/admin/supabase-bedrock', {
			cookie: admin.cookie,
			accept: 'text/html'
		});
		const banner = page.text.includes('The database is unavailable');
		r.check({
			fault,
			call: 'dashboard overview (admin cookie)',
			expected: 'dashboard with "database unavailable" banner',
			got: `${page.status}${banner ? ' banner' : ' no banner'}`,
			ms: page.ms,
			boundMs: DB_DEADLINE + SLACK_MS,
			matches: banner && page.text.includes('aria-label="Dashboard"')
		});
	} finally {
		h.thawPostgres();
	}
	await servesAgain(h, r, fault, env('BREAKER_COOLDOWN_MS') + DB_DEADLINE + SLACK_MS);
};

export const postgresRestart: Scenario = async (h, r) => {
	const fault = 'Postgres restarted';
	await h.stopPostgres();
	const a = await h.call('credentials.get');
	r.check({
		fault,
		call: 'credentials.get while down',
		expected: '503 SERVICE_UNAVAILABLE database',
		got: describe(a),
		ms: a.ms,
		boundMs: DB_DEADLINE + SLACK_MS,
		matches: a.status === 503 && a.error?.dependency === 'database'
	});
	await h.startPostgres();
	await servesAgain(h, r, fault, env('BREAKER_COOLDOWN_MS') + DB_DEADLINE + SLACK_MS);
};

export const authDown: Scenario = async (h, r) => {
	const fault = 'auth server stopped';
	await h.stack.stopAuth();
	try {
		const a = await h.call('credentials.get');
		r.check({
			fault,
			call: 'credentials.get, valid bearer token',
			expected: '200 (verified locally)',
			got: describe(a),
			ms: a.ms,
			boundMs: 2_000,
			matches: a.status === 200
		});
		const login = await h.signInThroughApp(SEEDED_ADMIN);
		const says = /sign-in service is not reachable/i.test(login.message ?? '');
		r.check({
			fault,
			call: 'POST /login',
			expected: '503 "sign-in service is not reachable"',
			got: `${login.status}${says ? ' says unavailable' : ''}`,
			ms: login.ms,
			boundMs: env('AUTH_TIMEOUT_MS') + SLACK_MS,
			matches: login.status === 503 && says
		});
		const health = await h.get('/healthz');
		const body = JSON.parse(health.text) as { down?: string[] };
		r.check({
			fault,
			call: 'GET /healthz',
			expected: '503 down: auth',
			got: `${health.status} down: ${body.down?.join(',')}`,
			ms: health.ms,
			boundMs: 2_000 + SLACK_MS,
			matches: health.status === 503 && (body.down ?? []).join() === 'auth'
		});
	} finally {
		await h.stack.startAuth();
	}
	const back = await until(
		async () => {
			const login = await h.signInThroughApp(SEEDED_ADMIN);
			return { ...login, error: undefined };
		},
		(a) => a.status === 303,
		env('BREAKER_COOLDOWN_MS') + 5_000
	);
	r.check({
		fault,
		call: 'POST /login until signed in (serves again)',
		expected: '303',
		got: String(back.status),
		ms: back.totalMs,
		boundMs: env('BREAKER_COOLDOWN_MS') + 5_000,
		matches: back.status === 303
	});
};

/** An emulator fault rule on Converse, one call, the expected typed answer. */
function awsFault(
	fault: string,
	rule: Record<string, unknown>,
	expected: { status: number; code: string; awsError?: RegExp },
	boundMs: number
): Scenario {
	return async (h, r) => {
		await h.emulator.setFaults([{ ...rule, match: { operation: 'Converse' } } as never]);
		try {
			const a = await h.call('invoke.converse', CONVERSE);
			r.check({
				fault,
				call: 'invoke.converse',
				expected: `${expected.status} ${expected.code} + hint`,
				got: describe(a),
				ms: a.ms,
				boundMs,
				matches:
					a.status === expected.status &&
					a.error?.code === expected.code &&
					Boolean(a.error?.hint) &&
					(!expected.awsError || expected.awsError.test(a.error?.awsError ?? ''))
			});
		} finally {
			await h.emulator.clearFaults();
		}
	};
}

export const aws5xx = awsFault(
	'AWS 503 ServiceUnavailable',
	{ kind: 'serviceUnavailable' },
	{ status: 503, code: 'SERVICE_UNAVAILABLE', awsError: /ServiceUnavailable/ },
	5_000
);
export const awsThrottled = awsFault(
	'AWS 429 Throttling',
	{ kind: 'throttling' },
	{ status: 429, code: 'TOO_MANY_REQUESTS', awsError: /Throttling/ },
	5_000
);
export const awsTimeout = awsFault(
	'AWS answers after 10 s',
	{ kind: 'latency', latencyMs: 10_000 },
	{ status: 408, code: 'TIMEOUT' },
	2 * env('AWS_FIRST_BYTE_TIMEOUT_MS') + SLACK_MS
);
export const awsDropped = awsFault(
	'AWS drops the connection',
	{ kind: 'connectionReset' },
	{ status: 502, code: 'BAD_GATEWAY' },
	5_000
);

/**
 * Repeated 5xx from Bedrock open its circuit for that service and Region: the next call is
 * refused at once without reaching AWS, /healthz says so (200, degraded), and after the fault
 * clears and the cooldown passes, a probe closes the circuit again.
 */
export const awsCircuit: Scenario = async (h, r) => {
	const fault = 'AWS 5xx repeated (circuit)';
	const threshold = env('BREAKER_FAILURE_THRESHOLD');
	await h.emulator.setFaults([
		{ kind: 'serviceUnavailable', match: { operation: 'Converse' } } as never
	]);
	try {
		for (let i = 1; i <= threshold; i++) await h.call('invoke.converse', CONVERSE);
		const seqBefore = await h.emulator.lastSeq();
		const refused = await h.call('invoke.converse', CONVERSE);
		const reachedAws = (await h.emulator.lastSeq()) !== seqBefore;
		r.check({
			fault,
			call: `invoke.converse after ${threshold} failures`,
			expected: '503 SERVICE_UNAVAILABLE CircuitOpenError, no AWS request',
			got: `${describe(refused)}${reachedAws ? ', reached AWS' : ''}`,
			ms: refused.ms,
			boundMs: 1_000,
			matches:
				refused.status === 503 &&
				refused.error?.awsError === 'CircuitOpenError' &&
				Boolean(refused.error?.hint) &&
				!reachedAws
		});
		const health = await fetch(`${h.appUrl}/healthz`);
		const body = (await health.json()) as {
			status: string;
			aws: { circuits: Array<{ service: string; region: string; state: string }> };
		};
		const runtime = body.aws.circuits.find(
			(c) => c.service === 'bedrock-runtime' && c.region === 'us-east-1'
		);
		r.check({
			fault,
			call: 'GET /healthz',
			expected: '200 degraded, bedrock-runtime/us-east-1 open',
			got: `${health.status} ${body.status}, bedrock-runtime/us-east-1 ${runtime?.state}`,
			ms: 0,
			matches: health.status === 200 && body.status === 'degraded' && runtime?.state === 'open'
		});
	} finally {
		await h.emulator.clearFaults();
	}
	const withinMs = env('BREAKER_COOLDOWN_MS') + 5_000;
	const back = await until(
		() => h.call('invoke.converse', CONVERSE),
		(a) => a.status === 200,
		withinMs
	);
	r.check({
		fault,
		call: 'invoke.converse until 200 (circuit closes)',
		expected: '200',
		got: describe(back),
		ms: back.totalMs,
		boundMs: withinMs,
		matches: back.status === 200
	});
};

export const controlPlaneHung: Scenario = async (h, r) => {
	const fault = 'AWS control plane answers after 10 s';
	await h.emulator.setFaults([
		{ kind: 'latency', latencyMs: 10_000, match: { operation: 'ListFoundationModels' } } as never
	]);
	try {
		const a = await h.call('models.list', { search: 'nova' }, { method: 'GET' });
		const data = a.data as { usingFallback?: boolean } | undefined;
		r.check({
			fault,
			call: 'models.list',
			expected: '200 fallback list, flagged, within the total deadline',
			got: `${describe(a)}${data?.usingFallback ? ' usingFallback' : ''}`,
			ms: a.ms,
			boundMs: env('AWS_CONTROL_TOTAL_TIMEOUT_MS') + SLACK_MS,
			matches: a.status === 200 && data?.usingFallback === true
		});
	} finally {
		await h.emulator.clearFaults();
	}
};

export const streamBroken: Scenario = async (h, r) => {
	const fault = 'AWS stream broken midway';
	await h.emulator.setFaults([{ kind: 'streamError', afterEvents: 4 } as never]);
	try {
		const s = await stream(h, LONG_CONVERSE);
		const last = lastEvent(s.events);
		r.check({
			fault,
			call: 'invoke.converseStream',
			expected: 'deltas, then interrupted (stream_broken, hint), clean end',
			got: `${deltas(s.events)} deltas, ${last?.type}${last?.type === 'interrupted' ? ` ${last.reason}` : ''}${s.error ? ` error ${s.error.code}` : ''}`,
			ms: s.ms,
			boundMs: 10_000,
			matches:
				!s.error &&
				deltas(s.events) > 0 &&
				last?.type === 'interrupted' &&
				last.reason === 'stream_broken' &&
				Boolean(last.hint)
		});
	} finally {
		await h.emulator.clearFaults();
	}
};

export const streamStalled: Scenario = async (h, r) => {
	const fault = 'AWS stream silent for 15 s';
	await h.emulator.setFaults([{ kind: 'streamStall', afterEvents: 3, latencyMs: 15_000 } as never]);
	try {
		const s = await stream(h, LONG_CONVERSE);
		const last = lastEvent(s.events);
		r.check({
			fault,
			call: 'invoke.converseStream',
			expected: 'deltas, then interrupted (idle_timeout), clean end',
			got: `${deltas(s.events)} deltas, ${last?.type}${last?.type === 'interrupted' ? ` ${last.reason}` : ''}${s.error ? ` error ${s.error.code}` : ''}`,
			ms: s.ms,
			boundMs: env('AWS_STREAM_IDLE_TIMEOUT_MS') + 5_000,
			matches: !s.error && last?.type === 'interrupted' && last.reason === 'idle_timeout'
		});
	} finally {
		await h.emulator.clearFaults();
	}
};

export const overload: Scenario = async (h, r) => {
	const limit = env('MAX_CONCURRENT_REQUESTS');
	const fault = `more than ${limit} requests at once`;
	// Fill every slot with a request whose body never finishes arriving (a slow client: no
	// per-user limit applies to it), then ask once more.
	const { port } = new URL(h.appUrl);
	const sockets = await Promise.all(
		Array.from({ length: limit }, () => openSlowRequest(Number(port), h.token))
	);
	try {
		// On a busy machine the server may take a moment to read every held request's headers.
		const refused = await until(
			() => h.call('credentials.get'),
			(a) => a.status === 503,
			5_000
		);
		r.check({
			fault,
			call: 'credentials.get',
			expected: '503 with Retry-After, at once',
			got: `${describe(refused)} retry-after ${refused.headers.get('retry-after')}`,
			ms: refused.ms,
			boundMs: 500,
			matches:
				refused.status === 503 &&
				refused.error?.code === 'SERVICE_UNAVAILABLE' &&
				refused.headers.get('retry-after') === '1'
		});
	} finally {
		for (const socket of sockets) socket.destroy();
	}
	await servesAgain(h, r, fault, 5_000);
};

function openSlowRequest(port: number, token: string): Promise<Socket> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1', () => {
			socket.write(
				`POST /api/trpc/credentials.save HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
					`Authorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
					`Content-Length: 1000\r\n\r\n{"accessKeyId":`
			);
			resolve(socket);
		});
		socket.once('error', reject);
	});
}

export const sigtermDuringStreams: Scenario = async (h, r) => {
	const fault = 'SIGTERM during 3 streams';
	// Streams that outlast the drain time (the emulator's answers are a few dozen words).
	await h.emulator.updateSettings({ streamChunkDelayMs: 600 });
	try {
		let flowing = 0;
		let sendSignal!: () => void;
		const allFlowing = new Promise<void>((resolve) => (sendSignal = resolve));
		const streams = [1, 2, 3].map(() =>
			stream(h, LONG_CONVERSE, (event) => {
				if (event.type === 'delta' && ++flowing === 3) sendSignal();
			})
		);
		await Promise.race([allFlowing, new Promise((done) => setTimeout(done, 15_000))]);
		const exit = await h.terminateApp();
		const results = await Promise.all(streams);
		const ended = results.filter((s) => {
			const last = lastEvent(s.events);
			return !s.error && last?.type === 'interrupted' && last.reason === 'server_restarting';
		}).length;
		r.check({
			fault,
			call: 'invoke.converseStream ×3',
			expected: 'each ends with interrupted (server_restarting)',
			got: `${ended}/3 ended cleanly, ${results.map((s) => `${deltas(s.events)} deltas ${lastEvent(s.events)?.type}${s.error ? ` ${s.error.code}` : ''}`).join(', ')}`,
			ms: Math.max(...results.map((s) => s.ms)),
			matches: ended === 3
		});
		r.check({
			fault,
			call: 'app process',
			expected: 'exits 0 after the drain time',
			got: `exit ${exit.code}`,
			ms: exit.ms,
			boundMs: env('SHUTDOWN_DRAIN_MS') + 2_000 + SLACK_MS + 2_000,
			matches: exit.code === 0
		});
	} finally {
		await h.emulator.updateSettings({ streamChunkDelayMs: 5 });
	}
	await h.startApp();
	// A fresh process: its first request also loads modules, fetches the JWKS and connects.
	await servesAgain(h, r, fault, 15_000);
};
