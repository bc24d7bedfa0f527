/**
 * `npm run dev:deps`: does `npm run dev` reload a page on its own the first time it is visited?
 *
 * Vite pre-bundles the browser's dependencies when the dev server starts, from what its scan of
 * the routes finds. A dependency it only meets when a page is first requested is bundled then,
 * and Vite answers with a full reload ("new dependencies optimized … reloading"): the person's
 * first click or selection on that page is lost. vite.config.ts declares those dependencies in
 * `optimizeDeps.include`; this script checks that none is left.
 *
 * It starts the local stack and the dev server on free ports (never the default ones, so it
 * runs beside `npm run dev`) with Vite's dependency cache forced cold, signs in as the seeded
 * admin with the example keys saved, visits every page once in Chromium, and prints, per page,
 * what Vite optimized late and whether the page reloaded. Exit 1 when anything did.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { EXAMPLE_KEY_PAIR } from '../devstack/bedrock-emulator/keys';
import { SEEDED_ADMIN } from '../devstack/auth/seed';
import { freePort } from '../devstack/ports';
import { startStack } from '../devstack/stack';
import { createBedrockAdminClient } from '../src/lib/trpc/client';
import { findChromium } from '../tests/helpers/browser';
import { waitForHttp } from '../tests/helpers/test-stack';

const MODEL = encodeURIComponent('anthropic.claude-3-haiku-20240307-v1:0');
const PAGES = [
	'/admin/supabase-bedrock',
	'/admin/supabase-bedrock/credentials',
	'/admin/supabase-bedrock/connection',
	'/admin/supabase-bedrock/models',
	`/admin/supabase-bedrock/models/${MODEL}`,
	'/admin/supabase-bedrock/playground',
	'/admin/supabase-bedrock/code',
	'/admin/supabase-bedrock/users',
	'/admin/supabase-bedrock/users/audit',
	'/admin/supabase-bedrock/usage',
	'/bedrock',
	'/bedrock/credentials',
	'/bedrock/connection',
	'/bedrock/models',
	`/bedrock/models/${MODEL}`,
	'/bedrock/code',
	'/bedrock/usage',
	'/'
];
/** What Vite prints when it bundles a dependency late and reloads the page for it. */
const LATE = /new dependencies optimized|optimized dependencies changed|reloading/i;

async function main(): Promise<number> {
	const dataDir = mkdtempSync(join(tmpdir(), 'bedrock-admin-dev-deps-'));
	const stack = await startStack({
		dataDir,
		ports: { postgres: await freePort(), auth: await freePort(), emulator: await freePort() },
		quiet: true
	});
	const port = await freePort();
	const appUrl = `http://127.0.0.1:${port}`;
	const lines: string[] = [];
	// --force: the dependency cache starts cold, as on a newcomer's first `npm run dev`.
	const dev = spawn(
		'npx',
		['vite', 'dev', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force'],
		{
			env: { ...process.env, ...stack.env, ORIGIN: appUrl },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true
		}
	);
	for (const stream of [dev.stdout, dev.stderr])
		stream.on('data', (chunk: Buffer) => {
			const text = chunk.toString();
			lines.push(...text.split('\n'));
			// DEV_DEPS_VERBOSE=1: the dev server's own output as it comes.
			if (process.env.DEV_DEPS_VERBOSE) process.stdout.write(`[vite] ${text}`);
		});
	const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
	try {
		await waitForHttp(`${appUrl}/healthz`, 120_000);
		const page = await browser.newPage();
		let loads = 0;
		page.on('load', () => loads++);
		const late: string[] = [];
		/** Runs one step of a first visit; LATE when Vite bundled something for it or reloaded. */
		const measure = async (label: string, step: () => Promise<unknown>, expectedLoads = 1) => {
			const seen = lines.length;
			loads = 0;
			await step();
			// Give Vite time to finish a bundle it started for this page and to order a reload.
			await page.waitForTimeout(2000);
			await page.waitForLoadState('load');
			const said = lines.slice(seen).filter((line) => LATE.test(line));
			const reloaded = loads > expectedLoads;
			const verdict = said.length || reloaded ? 'LATE' : 'ok';
			console.log(`${verdict.padEnd(4)} ${label}${reloaded ? ` (loaded ${loads} times)` : ''}`);
			for (const line of said) console.log(`       ${line.trim()}`);
			if (verdict === 'LATE') late.push(label);
		};
		const visit = (path: string) =>
			measure(path, () => page.goto(appUrl + path, { waitUntil: 'load', timeout: 120_000 }));
		// The newcomer's first page, as soon as the server answers, then signing in through it
		// (a client-side navigation: no page load unless Vite forces one).
		await visit('/login');
		await measure('sign-in → dashboard', () => signIn(page), 0);
		await saveExampleKeys(appUrl, stack.env);
		for (const path of PAGES) await visit(path);
		console.log(
			late.length
				? `\n${late.length} page(s) made Vite optimize late: add what it named to optimizeDeps.include in vite.config.ts`
				: '\nno page made Vite optimize a dependency late or reload'
		);
		return late.length ? 1 : 0;
	} finally {
		await browser.close();
		if (dev.pid) process.kill(-dev.pid, 'SIGTERM');
		await stack.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

async function signIn(page: Page): Promise<void> {
	await page.getByLabel('Email').fill(SEEDED_ADMIN.email);
	await page.getByLabel('Password').fill(SEEDED_ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Through the typed API, so the pages that need keys show their full state. */
async function saveExampleKeys(
	appUrl: string,
	env: { PUBLIC_SUPABASE_URL: string; PUBLIC_SUPABASE_ANON_KEY: string }
): Promise<void> {
	const response = await fetch(`${env.PUBLIC_SUPABASE_URL}/auth/v1/token?grant_type=password`, {
		method: 'POST',
		headers: { apikey: env.PUBLIC_SUPABASE_ANON_KEY, 'content-type': 'application/json' },
		body: JSON.stringify({ email: SEEDED_ADMIN.email, password: SEEDED_ADMIN.password })
	});
	const { access_token: accessToken } = (await response.json()) as { access_token: string };
	const api = createBedrockAdminClient({ url: appUrl, accessToken });
	await api.credentials.save.mutate({ ...EXAMPLE_KEY_PAIR, region: 'us-east-1' });
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		console.error(`dev:deps failed: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(1);
	}
);
