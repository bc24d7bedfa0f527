// Reads and writes `.devstack/env` (dotenv format), the file through which a built app, the
// example client and other programs find the running local stack.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export type StackEnv = Record<string, string>;

export function writeEnvFile(path: string, env: StackEnv): void {
	const lines = Object.entries(env).map(([key, value]) => `${key}=${value}`);
	writeFileSync(
		path,
		`# Written by the bedrock-admin local stack. Local development only.\n${lines.join('\n')}\n`,
		{
			mode: 0o600
		}
	);
}

export function readEnvFile(path: string): StackEnv {
	const env: StackEnv = {};
	for (const line of readFileSync(path, 'utf8').split('\n')) {
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
		if (match?.[1]) env[match[1]] = match[2] ?? '';
	}
	return env;
}

/** The running local stack's environment for programs: `.devstack/env`, overridden by process.env. */
export function loadStackEnv(path = '.devstack/env'): Record<string, string | undefined> {
	return { ...(existsSync(path) ? readEnvFile(path) : {}), ...process.env };
}
