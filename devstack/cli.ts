// `npm run dev` (stack + SvelteKit dev server) and `npm run devstack` (stack alone).
// Data lives in .devstack/ so a second run reuses the database, keys and sessions.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { describeStack } from './logins';
import { assertPortFree } from './ports';
import { STACK_DEFAULT_PORTS, startStack, type RunningStack } from './stack';

const APP_PORT = 5173;
const mode = process.argv[2] === 'dev' ? 'dev' : 'stack';
const dataDir = resolve(process.cwd(), '.devstack');

let stack: RunningStack | undefined;
let app: ChildProcess | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		console.log('\nstopping the local stack…');
		if (app && app.exitCode === null) {
			app.kill('SIGTERM');
			await new Promise((done) => app?.once('exit', done));
		}
		await stack?.stop();
	}
	process.exit(code);
}

async function main(): Promise<void> {
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
	const started = Date.now();
	if (mode === 'dev') await assertPortFree(APP_PORT, 'SvelteKit dev server');
	stack = await startStack({
		dataDir,
		ports: STACK_DEFAULT_PORTS,
		databaseUrl: process.env.DATABASE_URL,
		quiet: true,
		log: (line) => console.log(`[devstack] ${line}`)
	});
	console.log(
		`[devstack] ready in ${((Date.now() - started) / 1000).toFixed(1)} s; env written to ${stack.envFilePath}`
	);
	if (mode === 'stack') {
		console.log(describeStack(stack.env));
		return;
	}
	const appUrl = `http://127.0.0.1:${APP_PORT}`;
	app = spawn(
		'npx',
		['vite', 'dev', '--host', '127.0.0.1', '--port', String(APP_PORT), '--strictPort'],
		{
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, ...stack.env, ORIGIN: appUrl }
		}
	);
	app.once('exit', (code) => {
		if (!stopping) {
			console.error(`[devstack] the dev server exited (${code ?? 'signal'}); stopping the stack`);
			void shutdown(code ?? 1);
		}
	});
	console.log(describeStack(stack.env, appUrl));
}

main().catch(async (error: unknown) => {
	console.error(`[devstack] ${error instanceof Error ? error.message : String(error)}`);
	await shutdown(1);
});
