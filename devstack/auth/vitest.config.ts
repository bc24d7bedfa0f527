// TEMPORARY (auth engineer): runs tests/integration/auth-server without the shared stack's global setup.
import { defineConfig } from 'vitest/config';
export default defineConfig({
	test: {
		include: ['tests/integration/auth-server/**/*.test.ts'],
		expect: { requireAssertions: true },
		testTimeout: 30_000,
		hookTimeout: 120_000
	}
});
