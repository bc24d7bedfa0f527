// Runs in every test worker before its files: server modules that tests import directly
// (src/lib/server/db, credentials, ...) read process.env, as they do under adapter-node.
import { inject } from 'vitest';

const env = inject('testEnv');
for (const [key, value] of Object.entries(env)) process.env[key] = value;
