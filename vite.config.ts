import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [tailwindcss(), sveltekit()],
	server: { host: '127.0.0.1', port: 5173, strictPort: true },
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		expect: { requireAssertions: true },
		testTimeout: 30_000,
		hookTimeout: 120_000,
		// Integration tests share one local stack; files run in parallel, each with its own users.
		globalSetup: ['tests/helpers/global-setup.ts']
	}
});
