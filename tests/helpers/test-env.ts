// What every integration test gets: the running stack's environment plus the app's URL.
// Provided once by the global setup (tests/helpers/global-setup.ts) through vitest's inject.
import { inject } from 'vitest';

export interface TestEnv {
	DATABASE_URL: string;
	PUBLIC_SUPABASE_URL: string;
	PUBLIC_SUPABASE_ANON_KEY: string;
	SUPABASE_SERVICE_ROLE_KEY: string;
	CREDENTIALS_ENCRYPTION_KEY: string;
	AWS_ENDPOINT_URL_BEDROCK: string;
	AWS_ENDPOINT_URL_BEDROCK_RUNTIME: string;
	AWS_ENDPOINT_URL_STS: string;
	/** The built app, running on the stack with hostile AWS_* host variables (see test-stack.ts). */
	APP_URL: string;
	/** The app server's stdout and stderr, for the tests that search logs for secrets. */
	APP_LOG_PATH: string;
	STACK_DATA_DIR: string;
	[key: string]: string;
}

declare module 'vitest' {
	export interface ProvidedContext {
		testEnv: TestEnv;
	}
}

export function testEnv(): TestEnv {
	return inject('testEnv');
}
