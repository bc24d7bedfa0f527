/**
 * API latency against a running stack (`npm run dev`, or any stack + built app):
 *
 *   APP_URL=http://127.0.0.1:5173 npx tsx bench/api-latency.ts [--n 300]
 *
 * Measures, over HTTP, the p50/p95 of a warm `models.list` and of `credentials.get`, next to
 * baselines measured in the same run (`GET /healthz`, the `me.get` query), and checks the cost
 * claims of the models cache: during the warm runs the emulator sees no Bedrock call, and the
 * database sees about one transaction per request (pg_stat_database.xact_commit).
 * Reads PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY, DATABASE_URL and AWS_ENDPOINT_URL_BEDROCK
 * from the environment or `.devstack/env`; signs in as the seeded admin.
 */
import { createClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { EXAMPLE_KEY_PAIR } from '../devstack/bedrock-emulator/keys';
import { loadStackEnv } from '../devstack/env-file';
import { RealtimeNotUsedOnServer } from '../src/lib/server/auth/no-realtime';

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(label: string, n: number, fn: () => Promise<Response>) {
	for (let i = 0; i < 20; i++) await (await fn()).arrayBuffer(); // warm-up
	const times: number[] = [];
	for (let i = 0; i < n; i++) {
		const start = performance.now();
		const response = await fn();
		await response.arrayBuffer();
		if (!response.ok) throw new Error(`${label}: HTTP ${response.status}`);
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	return { label, p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main() {
	const env = loadStackEnv();
	const n = Number(process.argv[process.argv.indexOf('--n') + 1]) || 300;
	const appUrl = env.APP_URL ?? 'http://127.0.0.1:5173';
	const supabase = createClient(env.PUBLIC_SUPABASE_URL!, env.PUBLIC_SUPABASE_ANON_KEY!, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: RealtimeNotUsedOnServer }
	});
	const { data, error } = await supabase.auth.signInWithPassword({
		email: 'admin@bedrock.local',
		password: 'bedrock-admin'
	});
	if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
	const headers = { authorization: `Bearer ${data.session.access_token}` };
	const trpc = (path: string, input?: unknown) =>
		fetch(
			`${appUrl}/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
			{ headers }
		);

	// The admin needs credentials for a real (non-fallback) catalog.
	const current = (await (await trpc('credentials.get')).json()) as { result?: { data: unknown } };
	if (!current.result?.data) {
		await fetch(`${appUrl}/api/trpc/credentials.save`, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/json' },
			body: JSON.stringify({
				...EXAMPLE_KEY_PAIR,
				region: 'us-east-1'
			})
		});
	}
	const listInput = { provider: 'Anthropic', streaming: true };
	const first = (await (await trpc('models.list', listInput)).json()) as {
		result: { data: { usingFallback: boolean; models: unknown[] } };
	};
	if (first.result.data.usingFallback)
		throw new Error('models.list is serving fallback data: check the credentials');

	const emulatorUrl = env.AWS_ENDPOINT_URL_BEDROCK;
	const bedrockCalls = async () => {
		if (!emulatorUrl) return undefined;
		const r = (await (await fetch(`${emulatorUrl}/__emulator/counters`)).json()) as {
			counters: Record<string, { requests: number }>;
		};
		return Object.values(r.counters).reduce((sum, c) => sum + c.requests, 0);
	};
	const sql = env.DATABASE_URL
		? postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} })
		: undefined;
	const commits = async () => {
		if (!sql) return undefined;
		// An idle backend flushes its pending statistics after 10 s (PGSTAT_IDLE_INTERVAL).
		await new Promise((r) => setTimeout(r, 11_000));
		const [row] =
			await sql`select xact_commit::bigint as n from pg_stat_database where datname = current_database()`;
		return Number(row!.n);
	};

	const results = [];
	results.push(await measure('GET /healthz', n, () => fetch(`${appUrl}/healthz`)));
	const c0 = await commits();
	results.push(await measure('me.get', n, () => trpc('me.get')));
	const c1 = await commits();
	results.push(await measure('credentials.get', n, () => trpc('credentials.get')));
	const c2 = await commits();
	const b0 = await bedrockCalls();
	results.push(await measure('models.list (warm)', n, () => trpc('models.list', listInput)));
	const b1 = await bedrockCalls();
	const c3 = await commits();

	const [healthz, me] = results;
	console.log(
		`\nAPI latency over HTTP, ${n} sequential requests each (after 20 warm-up), ${appUrl}`
	);
	console.log('procedure              p50 ms   p95 ms   p50 ÷ healthz   p50 ÷ me.get');
	for (const r of results) {
		console.log(
			`${r.label.padEnd(22)} ${r.p50.toFixed(2).padStart(6)}   ${r.p95.toFixed(2).padStart(6)}   ${(r.p50 / healthz!.p50).toFixed(2).padStart(13)}   ${(r.p50 / me!.p50).toFixed(2).padStart(12)}`
		);
	}
	const perRequest = (a?: number, b?: number) =>
		a === undefined || b === undefined ? 'n/a' : ((b - a) / (n + 20)).toFixed(2);
	console.log(
		`\nAWS calls during the warm models.list runs: ${b0 === undefined || b1 === undefined ? 'n/a' : b1 - b0}`
	);
	console.log(
		`database transactions per request (pg_stat_database, includes a little background noise): me.get ${perRequest(c0, c1)}, credentials.get ${perRequest(c1, c2)}, models.list ${perRequest(c2, c3)}`
	);
	await sql?.end();
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : String(err));
	process.exit(1);
});
