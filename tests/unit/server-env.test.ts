import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseServerEnv, ServerEnvError } from '../../src/lib/server/env-schema';

const key = `k1:${randomBytes(32).toString('base64')}`;
const good = {
	DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:54322/postgres',
	PUBLIC_SUPABASE_URL: 'http://127.0.0.1:54321',
	PUBLIC_SUPABASE_ANON_KEY: 'anon',
	CREDENTIALS_ENCRYPTION_KEY: key
};

const failure = (env: Record<string, string | undefined>) => {
	try {
		parseServerEnv(env);
	} catch (error) {
		expect(error).toBeInstanceOf(ServerEnvError);
		return (error as Error).message;
	}
	throw new Error('expected the environment to be refused');
};

describe('the server environment', () => {
	it('accepts a complete environment and ignores unrelated variables', () => {
		const env = parseServerEnv({ ...good, HOME: '/root' });
		// The limits take DESIGN.md's defaults; optional knobs stay unset.
		expect(env).toEqual({
			...good,
			SUPABASE_SERVICE_ROLE_KEY: undefined,
			LIMIT_BATCH_SIZE: 10,
			LIMIT_INFLIGHT_PER_USER: 4,
			LIMIT_INVOKES_PER_MINUTE: 60,
			LIMIT_MAX_TOKENS: 8192,
			USAGE_RETRY_FOR_MS: undefined
		});
	});

	it('names every missing or blank variable', () => {
		const message = failure({ ...good, DATABASE_URL: '', PUBLIC_SUPABASE_ANON_KEY: undefined });
		expect(message).toContain('DATABASE_URL: missing');
		expect(message).toContain('PUBLIC_SUPABASE_ANON_KEY: missing');
	});

	it('checks the keyring itself, without echoing key material', () => {
		const short = randomBytes(16).toString('base64');
		const message = failure({ ...good, CREDENTIALS_ENCRYPTION_KEY: `k1:${short}` });
		expect(message).toMatch(
			/CREDENTIALS_ENCRYPTION_KEY: .*key "k1" must be base64 of exactly 32 bytes/
		);
		expect(message).not.toContain(short);
		expect(failure({ ...good, CREDENTIALS_ENCRYPTION_KEY: undefined })).toContain(
			'CREDENTIALS_ENCRYPTION_KEY: missing'
		);
	});

	it('refuses URLs of the wrong kind', () => {
		expect(failure({ ...good, DATABASE_URL: 'mysql://x@y/z' })).toContain(
			'DATABASE_URL: must be a postgres:// URL'
		);
		expect(failure({ ...good, PUBLIC_SUPABASE_URL: 'not a url' })).toContain('PUBLIC_SUPABASE_URL');
	});
});
