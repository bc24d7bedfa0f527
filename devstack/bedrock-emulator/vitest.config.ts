// Runs the emulator's own tests without the app's global stack (each test file starts its own
// emulator on a free port): npx vitest run --config devstack/bedrock-emulator/vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		root: new URL('../..', import.meta.url).pathname,
		include: ['devstack/bedrock-emulator/tests/**/*.test.ts'],
		expect: { requireAssertions: true },
		testTimeout: 30_000,
		hookTimeout: 30_000
	}
});
