/**
 * `npm run example`: a TypeScript program using bedrock-admin through `@bedrock-admin/client`,
 * imported exactly as a program in another repository imports the installed package (here the
 * name points at the package's source, packages/client, through svelte.config.js's alias).
 *
 * Signs in as the seeded admin with supabase-js, saves AWS's documentation example keys (the
 * local Bedrock emulator accepts them), tests the connection, lists models and streams a short
 * answer. Needs a running stack and app (`npm run dev`); reads the Supabase URL and anon key
 * from the environment or `.devstack/env`, and the app URL from APP_URL (default
 * http://127.0.0.1:5173).
 */
import { createClient } from '@supabase/supabase-js';
import { TRPCClientError } from '@trpc/client';
import { createBedrockAdminClient, describeError } from '@bedrock-admin/client';
import { loadStackEnv } from '../devstack/env-file';

/** supabase-js builds a realtime client eagerly; Node 20 has no WebSocket, and we need none. */
class NoRealtime {
	constructor() {
		throw new Error('realtime is not used by this example');
	}
}

async function main() {
	const env = loadStackEnv();
	const supabaseUrl = env.PUBLIC_SUPABASE_URL;
	const anonKey = env.PUBLIC_SUPABASE_ANON_KEY;
	if (!supabaseUrl || !anonKey)
		throw new Error('Start the local stack first (`npm run dev`): no .devstack/env found.');
	const appUrl = env.APP_URL ?? 'http://127.0.0.1:5173';

	const supabase = createClient(supabaseUrl, anonKey, {
		auth: { persistSession: false },
		realtime: { transport: NoRealtime as unknown as typeof WebSocket }
	});
	const { error } = await supabase.auth.signInWithPassword({
		email: env.EXAMPLE_EMAIL ?? 'admin@bedrock.local',
		password: env.EXAMPLE_PASSWORD ?? 'bedrock-admin'
	});
	if (error) throw new Error(`Sign-in failed: ${error.message}`);

	// The session is read before each request, so tokens supabase-js refreshes are used.
	const api = createBedrockAdminClient({ url: appUrl, supabase });
	const me = await api.me.get.query();
	console.log(`Signed in as ${me.email} (${me.role})`);

	const saved = await api.credentials.save.mutate({
		accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
		secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
		region: 'us-east-1'
	});
	console.log(`Saved credentials ${saved.accessKeyIdMasked} for ${saved.region}`);

	const test = await api.connection.test.mutate({ includeInvocation: false });
	console.log(`Connection test: ${test.status}${test.account ? ` (account ${test.account})` : ''}`);
	for (const check of test.checks) {
		console.log(
			`  ${check.status.padEnd(4)} ${check.label}${check.hint ? ` — ${check.hint}` : ''}`
		);
	}

	const all = await api.models.list.query({});
	const text = await api.models.list.query({
		outputModality: 'TEXT',
		streaming: true,
		lifecycle: 'ACTIVE'
	});
	const providers = [...new Set(all.models.map((m) => m.providerName))].sort();
	console.log(
		`Models in ${all.region}: ${all.models.length} (${text.models.length} active streaming text models) from ${providers.join(', ')}` +
			(all.usingFallback ? ` — sample data: ${all.reason}` : '')
	);
	for (const m of text.models.slice(0, 5)) {
		const profiles = m.inferenceProfiles.map((p) => p.id).join(', ');
		console.log(
			`  ${m.modelId}${m.requiresInferenceProfile ? ' (needs an inference profile)' : ''}${profiles ? ` via ${profiles}` : ''}`
		);
	}

	// Streaming: server-sent events with the same bearer token.
	// A model that answers on demand: by its own id, or through its first inference profile.
	const model = text.models.find(
		(m) => m.inferenceTypesSupported.includes('ON_DEMAND') || m.inferenceProfiles.length > 0
	);
	if (!model) return;
	const modelId = model.requiresInferenceProfile ? model.inferenceProfiles[0]!.id : model.modelId;
	process.stdout.write(`${modelId} says: `);
	await new Promise<void>((resolve, reject) => {
		api.invoke.converseStream.subscribe(
			{
				modelId,
				messages: [{ role: 'user', content: 'Say hello' }],
				inferenceConfig: { maxTokens: 50 }
			},
			{
				onData: (event) => {
					if (event.type === 'delta') process.stdout.write(event.text);
				},
				onError: reject,
				onComplete: () => resolve()
			}
		);
	});
	console.log();
}

main().catch((err: unknown) => {
	if (err instanceof TRPCClientError) {
		// The package's error helper: code, a message fit to show, field errors, AWS error, hint.
		const { code, message, hint } = describeError(err);
		console.error(`${code}: ${message}${hint ? ` ${hint}` : ''}`);
	} else console.error(err instanceof Error ? err.message : String(err));
	process.exit(1);
});
