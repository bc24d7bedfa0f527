import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';
import { browserDependencies } from './devstack/client-deps';

export default defineConfig({
	plugins: [tailwindcss(), sveltekit()],
	server: { host: '127.0.0.1', port: 5173, strictPort: true },
	// Every browser import pre-bundled at start-up, so `npm run dev` never reloads a page on its
	// own on first visit (devstack/client-deps.ts says why; `npm run dev:deps` checks it).
	optimizeDeps: { include: browserDependencies('src', 'packages/client/src') },
	test: {
		expect: { requireAssertions: true },
		testTimeout: 30_000,
		hookTimeout: 120_000,
		projects: [
			// Pure logic: no stack, runs anywhere with `npx vitest run --project unit`.
			{ extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					// One local stack for all files (started by tests/run.ts, or here when vitest runs alone);
					// files run in parallel, each with its own users.
					globalSetup: ['tests/helpers/global-setup.ts'],
					setupFiles: ['tests/helpers/setup-env.ts']
				}
			},
			{
				// The local stand-ins' own tests, beside them. The auth server's reuse the stack's
				// Postgres when the global setup provides one; the emulator's start their own emulator.
				extends: true,
				test: {
					name: 'devstack',
					include: ['devstack/**/*.test.ts'],
					globalSetup: ['tests/helpers/global-setup.ts']
				}
			}
		]
	}
});
