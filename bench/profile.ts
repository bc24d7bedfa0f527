// `npm run bench:profile`: where the built app spends its CPU on the bench's hot paths.
// Runs the app (`node build`) with --cpu-prof on a private stack, drives PROFILE_N sequential
// invoke.converse calls, PROFILE_N warm models.list calls and a tenth as many
// invoke.converseStream calls with a bearer token, stops the app (V8 writes the profile on
// exit) and prints self time by package and the costliest functions, per request.
// Keeps the .cpuprofile (open it in Chrome DevTools) and prints its path. PROFILE_ONLY picks one
// of the three paths (converse, models, stream).
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { EXAMPLE_KEY_PAIR } from '../devstack/bedrock-emulator/keys';
import { spawnEmulator } from '../devstack/bedrock-emulator/spawn';
import { RealtimeNotUsedOnServer } from '../src/lib/server/auth/no-realtime';
import { startTestStack } from '../tests/helpers/test-stack';
import { appHttp } from './lib/app-http';
import { formatSummary, summarizeProfile } from './lib/cpu-profile';
import { BENCH_MODEL, BENCH_PROMPT } from './pairs/converse';

const log = (line: string) => console.log(`[profile] ${line}`);

async function main() {
	const n = Number(process.env.PROFILE_N) || 2000;
	const dir = mkdtempSync(join(tmpdir(), 'bedrock-admin-cpu-prof-'));
	const emulator = await spawnEmulator({ streamDelayMs: 2 });
	const stack = await startTestStack(log, {
		appEnv: {
			// As in the bench: one user makes thousands of calls; the limiter still runs each time.
			LIMIT_INFLIGHT_PER_USER: '1000',
			LIMIT_INVOKES_PER_MINUTE: '10000000',
			AWS_ENDPOINT_URL_BEDROCK: emulator.url,
			AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
			AWS_ENDPOINT_URL_STS: emulator.url
		},
		appNodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir]
	});
	let requests = 0;
	try {
		const supabase = createClient(
			stack.env.PUBLIC_SUPABASE_URL,
			stack.env.PUBLIC_SUPABASE_ANON_KEY,
			{
				auth: { persistSession: false, autoRefreshToken: false },
				realtime: { transport: RealtimeNotUsedOnServer }
			}
		);
		const { data, error } = await supabase.auth.signInWithPassword({
			email: 'admin@bedrock.local',
			password: 'bedrock-admin'
		});
		if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
		const app = appHttp(stack.env.APP_URL, data.session.access_token);
		await app.call('mutation', 'credentials.save', { ...EXAMPLE_KEY_PAIR, region: 'us-east-1' });
		const input = {
			modelId: BENCH_MODEL,
			messages: [{ role: 'user', content: BENCH_PROMPT }],
			inferenceConfig: { maxTokens: 32 }
		};
		// PROFILE_ONLY=converse|models|stream profiles one path alone (the others: none).
		const only = process.env.PROFILE_ONLY;
		const counts = {
			converse: !only || only === 'converse' ? n : 0,
			models: !only || only === 'models' ? n : 0,
			stream: !only || only === 'stream' ? n / 10 : 0
		};
		log(
			`${counts.converse} invoke.converse, ${counts.models} models.list, ${counts.stream} invoke.converseStream…`
		);
		for (let i = 0; i < counts.converse; i++) await app.call('mutation', 'invoke.converse', input);
		for (let i = 0; i < counts.models; i++) await app.call('query', 'models.list', {});
		for (let i = 0; i < counts.stream; i++) {
			await app.subscribe('invoke.converseStream', input, () => {});
		}
		requests = counts.converse + counts.models + counts.stream + 2;
		app.close();
	} finally {
		await stack.stop();
		await emulator.close();
	}
	const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	if (!file) throw new Error(`no profile written in ${dir}`);
	console.log(`\n${formatSummary(summarizeProfile(join(dir, file)), requests)}`);
	console.log(`\nprofile: ${join(dir, file)}`);
}

main().catch((err: unknown) => {
	console.error(`[profile] ${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
});
