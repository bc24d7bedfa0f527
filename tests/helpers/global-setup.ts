// Vitest global setup: use the stack that tests/run.ts started (TEST_STACK_ENV, JSON), or,
// when vitest runs on its own, start one here and stop it afterwards.
import type { TestProject } from 'vitest/node';
import { startTestStack } from './test-stack';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const provided = process.env.TEST_STACK_ENV;
	if (provided) {
		project.provide('testEnv', JSON.parse(provided));
		return async () => {};
	}
	const stack = await startTestStack((line) => console.log(`[test stack] ${line}`));
	project.provide('testEnv', stack.env);
	return stack.stop;
}
