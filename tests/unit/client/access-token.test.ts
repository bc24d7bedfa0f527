// The client package's token sources that need no auth server: a fixed token and a function
// asked before each request. (The supabase-session source runs against the real local auth
// server in tests/integration/app/client-session.test.ts.)
import { describe, expect, it } from 'vitest';
import { accessTokenReader } from '../../../packages/client/src/access-token';

describe('accessTokenReader', () => {
	it('hands back a fixed token every time', async () => {
		const read = accessTokenReader({ accessToken: 'token-a' });
		expect([await read(), await read()]).toEqual(['token-a', 'token-a']);
	});

	it('asks a token function again for every request, so a refreshed token is used', async () => {
		let calls = 0;
		const read = accessTokenReader({ accessToken: async () => `token-${++calls}` });
		expect([await read(), await read()]).toEqual(['token-1', 'token-2']);
	});
});
