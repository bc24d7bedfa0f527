// What every integration test gets: the running stack's environment plus the app's URL.
// Provided once by the global setup (tests/helpers/global-setup.ts) through vitest's inject.
import { inject } from 'vitest';

import type { LocalStackEnv } from '../../devstack/stack';

export type TestEnv = LocalStackEnv & {
	/** The built app, running on the stack with hostile AWS_* host variables (see test-stack.ts). */
	APP_URL: string;
	/** The app server's stdout and stderr, for the tests that search logs for secrets. */
	APP_LOG_PATH: string;
	STACK_DATA_DIR: string;
};

declare module 'vitest' {
	export interface ProvidedContext {
		testEnv: TestEnv;
	}
}

export function testEnv(): TestEnv {
	return inject('testEnv');
}
