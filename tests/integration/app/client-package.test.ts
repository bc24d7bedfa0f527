/**
 * `@bedrock-admin/client` as a program outside this repository gets it: packed into a tarball
 * (scripts/pack-client), installed into a fresh temporary project outside the repository with
 * the peer dependencies from the npm cache, type-checked with `tsc --noEmit` (wrong inputs
 * marked `@ts-expect-error` must be type errors) and run against the test stack: sign in with
 * supabase-js, save keys, test the connection, list models, stream a Converse.
 */
import { execFile } from 'node:child_process';
import {
	copyFileSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_KEY_PAIR } from '../../../devstack/bedrock-emulator/keys';
import { packClient, type PackResult } from '../../../scripts/pack-client/pack';
import { testEnv } from '../../helpers/test-env';
import { createLogin } from '../../helpers/factories';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');
const installed = (name: string) =>
	(
		JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as {
			version: string;
		}
	).version;

/** Only what a shell outside the repository would have: no NODE_PATH, no NODE_OPTIONS from vitest. */
function outsideEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const kept = ['PATH', 'HOME', 'TMPDIR', 'npm_config_cache'].filter((key) => process.env[key]);
	return { ...Object.fromEntries(kept.map((key) => [key, process.env[key]])), ...extra };
}

let workDir: string;
let project: string;
let packed: PackResult;

beforeAll(async () => {
	workDir = mkdtempSync(join(tmpdir(), 'bedrock-admin-client-'));
	project = join(workDir, 'program');
	packed = packClient(join(workDir, 'tarball'));
	await run('mkdir', ['-p', project]);
	writeFileSync(
		join(project, 'package.json'),
		JSON.stringify({ name: 'outside-program', private: true, type: 'module' })
	);
	writeFileSync(
		join(project, 'tsconfig.json'),
		JSON.stringify({
			compilerOptions: {
				target: 'ES2022',
				module: 'NodeNext',
				moduleResolution: 'NodeNext',
				strict: true,
				noUncheckedIndexedAccess: true,
				// The package's declarations are checked too: they must stand on their own.
				skipLibCheck: false,
				types: ['node'],
				outDir: 'out'
			},
			files: ['program.mts']
		})
	);
	copyFileSync(
		join(import.meta.dirname, 'client-package/program.mts'),
		join(project, 'program.mts')
	);
	// The same versions as this repository's, so the npm cache has them (no download needed).
	await run(
		'npm',
		[
			'install',
			'--prefer-offline',
			'--no-audit',
			'--no-fund',
			'--ignore-scripts',
			packed.tarball,
			`@trpc/client@${installed('@trpc/client')}`,
			`@trpc/server@${installed('@trpc/server')}`,
			`@supabase/supabase-js@${installed('@supabase/supabase-js')}`,
			`typescript@${installed('typescript')}`,
			`@types/node@${installed('@types/node')}`
		],
		{ cwd: project, env: outsideEnv() }
	);
}, 240_000);

afterAll(() => {
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the packed client', () => {
	it('is named after the app’s version and holds only the client’s modules and README', () => {
		const appVersion = (
			JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
		).version;
		expect(packed.version).toBe(appVersion);
		expect(packed.tarball).toMatch(new RegExp(`bedrock-admin-client-${appVersion}\\.tgz$`));
		expect(packed.files).toContain('dist/index.js');
		expect(packed.files).toContain('dist/index.d.ts');
		expect(packed.files).toContain('dist/app-router.d.ts');
		for (const file of packed.files) {
			expect(file).not.toMatch(/lib\/server|\.sql$|\.ts$(?<!\.d\.ts)/);
		}
	});

	it('ships no server code, server dependency or secret', () => {
		const packageDir = join(project, 'node_modules/@bedrock-admin/client');
		const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<
			string,
			Record<string, string>
		>;
		expect(Object.keys(manifest.dependencies ?? {})).toEqual(['eventsource']);
		expect(Object.keys(manifest.peerDependencies ?? {}).sort()).toEqual([
			'@trpc/client',
			'@trpc/server'
		]);
		const files = listFiles(packageDir);
		const text = files.map((file) => readFileSync(join(packageDir, file), 'utf8')).join('\n');
		for (const leak of [
			'$lib',
			'lib/server',
			'postgres',
			'@sveltejs',
			'@aws-sdk',
			'CREDENTIALS_ENCRYPTION_KEY',
			'SUPABASE_SERVICE_ROLE_KEY',
			EXAMPLE_KEY_PAIR.secretAccessKey,
			'create table',
			'BEGIN PRIVATE KEY'
		]) {
			expect(text, leak).not.toContain(leak);
		}
	});

	it('type-checks a program with tsc --noEmit, and wrong inputs are type errors', async () => {
		const tsc = join(project, 'node_modules/typescript/bin/tsc');
		const result = await run(process.execPath, [tsc, '--noEmit', '-p', project], {
			cwd: project,
			env: outsideEnv()
		}).catch((error: { stdout?: string }) => ({
			stdout: error.stdout ?? String(error),
			failed: true
		}));
		expect(result.stdout).toBe('');
		expect('failed' in result).toBe(false);
	}, 120_000);

	it('runs the program against the stack: sign in, save keys, test, list models, stream', async () => {
		const tsc = join(project, 'node_modules/typescript/bin/tsc');
		await run(process.execPath, [tsc, '-p', project], { cwd: project, env: outsideEnv() });
		const login = await createLogin();
		const env = testEnv();
		const { stdout } = await run(process.execPath, [join(project, 'out/program.mjs')], {
			cwd: project,
			env: outsideEnv({
				PROGRAM_ENV: JSON.stringify({
					APP_URL: env.APP_URL,
					SUPABASE_URL: env.PUBLIC_SUPABASE_URL,
					SUPABASE_ANON_KEY: env.PUBLIC_SUPABASE_ANON_KEY,
					EMAIL: login.email,
					PASSWORD: login.password,
					ACCESS_KEY_ID: EXAMPLE_KEY_PAIR.accessKeyId,
					SECRET_ACCESS_KEY: EXAMPLE_KEY_PAIR.secretAccessKey
				})
			}),
			timeout: 60_000
		});
		const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown> & {
			resolved: Record<string, string>;
			events: string[];
		};
		// Everything came from the temporary project's own node_modules.
		for (const url of Object.values(seen.resolved))
			expect(url.startsWith(`file://${project}/node_modules/`)).toBe(true);
		expect(seen.saved).toBe('AKIA…MPLE');
		expect(seen.connection).toBe('pass');
		expect(seen.models).toBeGreaterThan(0);
		expect(seen.usingFallback).toBe(false);
		expect(seen.events).toContain('delta');
		expect(seen.events).toContain('stop');
		expect(seen.refused).toMatchObject({
			code: 'BAD_REQUEST',
			fieldErrors: { accessKeyId: [expect.any(String)] }
		});
		expect(seen.signInRequired).toBe(true);
		expect(seen.signInMessage).toMatch(/sign in again/);
	}, 120_000);
});

function listFiles(dir: string): string[] {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((file) => statSync(join(dir, file)).isFile())
		.map((file) => relative(dir, join(dir, file)));
}
