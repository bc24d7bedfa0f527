// `npm run bench`: the API's cost over calling AWS directly, measured side by side in one run.
// Builds the app, starts a private stack on free ports (the one `npm test` uses) with the
// Bedrock emulator in a process of its own, then runs each pair against that one emulator:
// the AWS SDK (or autocannon) calling it directly, and the same call through the built app
// with a bearer token. Prints one table, writes docs/benchmarks.md and the README's headline.
// Sizes: BENCH_N, BENCH_STREAMS, BENCH_SECONDS, BENCH_MEMORY_REQUESTS; BENCH_SKIP_BUILD=1
// reuses an existing build (only when it is known to match the checkout).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createClient } from '@supabase/supabase-js';
import { EXAMPLE_KEY_PAIR } from '../devstack/bedrock-emulator/keys';
import { spawnEmulator } from '../devstack/bedrock-emulator/spawn';
import { RealtimeNotUsedOnServer } from '../src/lib/server/auth/no-realtime';
import { startTestStack } from '../tests/helpers/test-stack';
import { appHttp } from './lib/app-http';
import { benchmarksDoc, printTable, runFacts, updateReadme } from './lib/report';
import { benchRows, TARGETS } from './lib/rows';
import { signedHeaders } from './lib/signed-request';
import { BENCH_MODEL, BENCH_PROMPT, conversePair } from './pairs/converse';
import { memoryPair } from './pairs/memory';
import { streamPair } from './pairs/stream';
import { throughputPair } from './pairs/throughput';
import { withHeavySuiteLock } from '../tests/helpers/machine-lock';
import { spawnReferenceGateway } from './reference-gateway/spawn';

const log = (line: string) => console.log(`[bench] ${line}`);
const size = (name: string, fallback: number) => Number(process.env[name]) || fallback;

function run(args: string[]): Promise<number> {
	return new Promise((resolve) => {
		const child = spawn('npx', args, { stdio: 'inherit' });
		child.once('exit', (code) => resolve(code ?? 1));
	});
}

async function signIn(supabaseUrl: string, anonKey: string): Promise<string> {
	const supabase = createClient(supabaseUrl, anonKey, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: RealtimeNotUsedOnServer }
	});
	const { data, error } = await supabase.auth.signInWithPassword({
		email: 'admin@bedrock.local',
		password: 'bedrock-admin'
	});
	if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
	return data.session.access_token;
}

async function main(): Promise<number> {
	const started = Date.now();
	if (!process.env.BENCH_SKIP_BUILD) {
		log('building the app (vite build)…');
		if ((await run(['vite', 'build', '--logLevel', 'warn'])) !== 0) return 1;
	}
	const facts = runFacts();
	// The stream delay paces deltas like a model would; both sides see the same pacing.
	const emulator = await spawnEmulator({ streamDelayMs: 2 });
	const stack = await startTestStack(log, {
		appEnv: {
			// One user drives thousands of calls at up to 64 connections: the per-user limits are
			// raised out of the way so the bench measures the API's overhead (the limiter's own
			// work, the Postgres rate decision included, still runs on every call).
			LIMIT_INFLIGHT_PER_USER: '1000',
			LIMIT_INVOKES_PER_MINUTE: '10000000',
			AWS_ENDPOINT_URL_BEDROCK: emulator.url,
			AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
			AWS_ENDPOINT_URL_STS: emulator.url
		}
	});
	// The thinnest gateway, on the same emulator: what any Node gateway adds on this machine.
	const gateway = await spawnReferenceGateway(emulator.url);
	const token = await signIn(stack.env.PUBLIC_SUPABASE_URL, stack.env.PUBLIC_SUPABASE_ANON_KEY);
	const app = appHttp(stack.env.APP_URL, token);
	const reference = appHttp(gateway.url, 'none');
	// A default SDK client, as a program calling Bedrock itself would make one.
	const sdk = new BedrockRuntimeClient({
		endpoint: emulator.url,
		region: 'us-east-1',
		credentials: { ...EXAMPLE_KEY_PAIR } // a copy: the SDK tags the object it is given
	});
	try {
		await app.call('mutation', 'credentials.save', { ...EXAMPLE_KEY_PAIR, region: 'us-east-1' });
		const list = await app.call<{ usingFallback: boolean }>('query', 'models.list', {});
		if (list.usingFallback) throw new Error('models.list serves fallback data: check the stack');
		// The reference serves the very same list answer, so the two send the same bytes.
		await reference.call('mutation', 'reference.setList', list);

		const n = size('BENCH_N', 400);
		log(`invoke.converse vs Converse, ${n} calls each…`);
		const converse = await conversePair(sdk, app, n, reference);
		const streams = size('BENCH_STREAMS', 60);
		log(`invoke.converseStream vs ConverseStream, ${streams} streams each…`);
		const stream = await streamPair(sdk, app, streams, reference);

		const seconds = size('BENCH_SECONDS', 5);
		const direct = {
			url: `${emulator.url}/foundation-models`,
			headers: await signedHeaders(emulator.url, 'GET', '/foundation-models', EXAMPLE_KEY_PAIR)
		};
		const api = {
			url: `${stack.env.APP_URL}/api/trpc/models.list?input=${encodeURIComponent('{}')}`,
			headers: { authorization: `Bearer ${token}` }
		};
		const floor = {
			url: `${stack.env.APP_URL}/livez`,
			headers: { authorization: `Bearer ${token}` }
		};
		const referenceList = {
			url: `${gateway.url}/api/trpc/models.list?input=${encodeURIComponent('{}')}`,
			headers: {}
		};
		const throughput = [];
		for (const connections of [16, 64]) {
			log(`warm models.list vs ListFoundationModels, ${connections} connections, ${seconds} s…`);
			throughput.push(
				await throughputPair(direct, api, connections, seconds, {
					floor,
					reference: referenceList
				})
			);
		}

		const requests = size('BENCH_MEMORY_REQUESTS', 10_000);
		log(`server memory over 2 × ${requests} invoke.converse…`);
		const memory = await memoryPair(
			stack.appPid,
			{
				url: `${stack.env.APP_URL}/api/trpc/invoke.converse`,
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					modelId: BENCH_MODEL,
					messages: [{ role: 'user', content: BENCH_PROMPT }],
					inferenceConfig: { maxTokens: 32 }
				})
			},
			requests
		);

		const rows = benchRows({ converse, stream, throughput, memory });
		const notes = [
			`Converse and ConverseStream: one call at a time, the two sides interleaved; the direct side is a default \`BedrockRuntimeClient\`, the API side plain HTTP/1.1 keep-alive with \`Authorization: Bearer\`. Model \`${BENCH_MODEL}\`; the emulator paces stream deltas 2 ms apart (${stream.direct.deltasPerStream.toFixed(0)} deltas per stream).`,
			'Floor rows (no target of their own): the cheapest answer this app gives, `GET /livez` (adapter-node, SvelteKit and every hook, the bearer token verified from its cache, no API code), timed on the same connection in the Converse loop and driven by autocannon like `models.list`. They show what the HTTP hop into a SvelteKit server costs by itself: any route of this app pays at least that.',
			'Reference rows (no target of their own): the same calls through the thinnest gateway one could write in Node (`bench/reference-gateway/server.ts`: node:http in its own process and the same AWS SDK; no sign-in, limits, budgets, ledger, validation or framework; its list is the app’s own `models.list` answer, copied once and kept in memory, so both send the same JSON), timed in the same loops. What it adds over the direct call is what the extra HTTP hop through any Node server costs on this machine. Where it alone adds more than a target allows, no Node gateway can meet that target here.',
			`The gap target allows ${TARGETS.gapAddedMs} ms for timer and scheduling noise: "adds nothing" cannot be measured closer than that on a shared machine.`,
			`Throughput: autocannon ${seconds} s per side after 1 s of warm-up; the direct side replays one SigV4-signed \`ListFoundationModels\` request (the emulator's own cost), the API side is \`models.list\` with no filters, answered from the models cache.`,
			`Memory: the app's VmRSS (Linux) after ${requests.toLocaleString('en-US')} and after ${(2 * requests).toLocaleString('en-US')} \`invoke.converse\` calls (16 connections, after ${Math.min(1000, requests).toLocaleString('en-US')} of warm-up).`,
			`Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s.`
		];
		const table = printTable(rows);
		console.log(`\n${table}\n`);
		for (const note of notes) console.log(`- ${note}`);
		mkdirSync('docs', { recursive: true });
		writeFileSync('docs/benchmarks.md', benchmarksDoc(rows, facts, notes));
		updateReadme('README.md', rows, facts);
		log('wrote docs/benchmarks.md and the README headline');
		return 0;
	} finally {
		app.close();
		reference.close();
		sdk.destroy();
		await gateway.close();
		await stack.stop();
		await emulator.close();
	}
}

withHeavySuiteLock(log, main).then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
);
