// `npm run bench`: builds the app when needed, starts a private local stack on free ports
// (the same one `npm test` uses) and runs the benchmarks against it. Every figure is printed
// next to a baseline measured in the same run, because the machines are shared and noisy.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestStack } from '../tests/helpers/test-stack';

const log = (line: string) => console.log(`[bench] ${line}`);

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	return new Promise((resolve) => {
		const child = spawn('npx', args, { stdio: 'inherit', env });
		child.once('exit', (code) => resolve(code ?? 1));
	});
}

async function main(): Promise<number> {
	if (!existsSync(join(process.env.BUILD_DIR ?? 'build', 'index.js'))) {
		log('building the app (vite build)…');
		if ((await run(['vite', 'build', '--logLevel', 'warn'])) !== 0) return 1;
	}
	const stack = await startTestStack(log);
	try {
		const env = { ...process.env, ...stack.env };
		log('API latency (warm models.list, credentials.get) against /healthz and me.get');
		const api = await run(
			['tsx', 'bench/api-latency.ts', '--n', process.env.BENCH_N ?? '300'],
			env
		);
		log('Bedrock emulator throughput (must never limit the app)');
		const emulator = await run(['tsx', 'devstack/bedrock-emulator/bench.ts'], env);
		return api || emulator;
	} finally {
		await stack.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
);
