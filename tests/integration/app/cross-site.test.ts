/**
 * Cross-site requests with the session cookie: a link or a script on another site must not
 * run a procedure (above all a paid model call) as the signed-in visitor. Over HTTP against the
 * built app, with the emulator's request log proving that a refused request reached no "AWS".
 */
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../../src/lib/server/trpc/root';
import { createBedrockAdminClient } from '../../../src/lib/trpc/client';
import { testEnv } from '../../helpers/test-env';
import { emulator, newEmulatorKey } from '../api/harness';
import { createTestUser, type TestUser } from '../../helpers/factories';
import { appUrl, signInThroughForm, type CookieJar } from './fixture';

const EVIL = 'https://evil.example';
const converse = {
	modelId: 'amazon.titan-text-lite-v1',
	messages: [{ role: 'user' as const, content: 'Say hello' }],
	inferenceConfig: { maxTokens: 20 }
};

/** Sample inputs: a refused request never reads them, an allowed one must get past validation. */
const INPUTS: Record<string, unknown> = {
	'models.get': { modelId: 'amazon.titan-text-lite-v1' },
	'models.list': {},
	'invoke.converseStream': converse,
	'audit.list': {}
};

const procedures = Object.entries(
	// At run time a flat map of dotted paths to procedures (the type is the nested router).
	appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>
);
const readable = procedures
	.filter(
		([, procedure]) => procedure._def.type === 'query' || procedure._def.type === 'subscription'
	)
	.map(([path, procedure]) => ({ path, type: procedure._def.type }));

let admin: TestUser;
let accessKeyId: string;
let jar: CookieJar;

beforeAll(async () => {
	admin = await createTestUser({ admin: true });
	const key = await newEmulatorKey();
	accessKeyId = key.accessKeyId;
	await createBedrockAdminClient({
		url: testEnv().APP_URL,
		accessToken: admin.accessToken
	}).credentials.save.mutate({ ...key, region: 'us-east-1' });
	({ jar } = await signInThroughForm(admin));
});

function procedureUrl(path: string): string {
	const input = INPUTS[path];
	return appUrl(
		`/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
	);
}

async function emulatorCallsSince(seq: number) {
	return await emulator().requests({ accessKeyId, sinceSeq: seq });
}

/**
 * A GET with exactly these headers, as a browser sends a navigation. (Node's fetch adds its own
 * `Sec-Fetch-Mode: cors`, so `navigate` would arrive as "navigate, cors".)
 */
function browserGet(url: string, headers: Record<string, string>) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const req = request(url, { headers }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		req.on('error', reject);
		req.end();
	});
}

/** Reads an event stream until `until` appears in it (or it ends), then hangs up. */
async function readStream(response: Response, until: string): Promise<string> {
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	const deadline = Date.now() + 15_000;
	while (!text.includes(until) && Date.now() < deadline) {
		const { done, value } = await reader.read();
		if (done) break;
		text += decoder.decode(value, { stream: true });
	}
	await reader.cancel();
	return text;
}

describe('queries and subscriptions over GET with the session cookie', () => {
	it('covers at least the known AWS-calling procedures', () => {
		const paths = readable.map((p) => p.path);
		expect(paths).toEqual(
			expect.arrayContaining(['invoke.converseStream', 'models.list', 'models.get'])
		);
	});

	it.each(readable)(
		'refuses a cross-site fetch of $path with 403, before any AWS call',
		async ({ path }) => {
			const seq = await emulator().lastSeq();
			const response = await fetch(procedureUrl(path), {
				headers: {
					cookie: jar.header(),
					'sec-fetch-site': 'cross-site',
					'sec-fetch-mode': 'cors',
					origin: EVIL,
					accept: 'text/event-stream, application/json'
				}
			});
			expect(response.status).toBe(403);
			const body = (await response.json()) as {
				error: { message: string; data: { code: string } };
			};
			expect(body.error.data.code).toBe('FORBIDDEN');
			expect(body.error.message).toMatch(/this app's own pages/);
			expect(await emulatorCallsSince(seq)).toEqual([]);
		}
	);

	it.each(readable)('refuses a cross-site navigation to $path (a link)', async ({ path }) => {
		const seq = await emulator().lastSeq();
		const response = await browserGet(procedureUrl(path), {
			cookie: jar.header(),
			'sec-fetch-site': 'cross-site',
			'sec-fetch-mode': 'navigate',
			'sec-fetch-dest': 'document',
			accept: 'text/html'
		});
		expect(response.status).toBe(403);
		expect((JSON.parse(response.body) as { error: { message: string } }).error.message).toMatch(
			/navigations/
		);
		expect(await emulatorCallsSince(seq)).toEqual([]);
	});

	it('refuses even a same-origin navigation (the address bar, a redirect after sign-in)', async () => {
		const seq = await emulator().lastSeq();
		const response = await browserGet(procedureUrl('invoke.converseStream'), {
			cookie: jar.header(),
			'sec-fetch-site': 'same-origin',
			'sec-fetch-mode': 'navigate',
			accept: 'text/html'
		});
		expect(response.status).toBe(403);
		expect(await emulatorCallsSince(seq)).toEqual([]);
	});

	it('streams for the app’s own page (same-origin EventSource), and the emulator sees it', async () => {
		const seq = await emulator().lastSeq();
		const response = await fetch(procedureUrl('invoke.converseStream'), {
			headers: {
				cookie: jar.header(),
				'sec-fetch-site': 'same-origin',
				'sec-fetch-mode': 'cors',
				'sec-fetch-dest': 'empty',
				accept: 'text/event-stream'
			}
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/event-stream');
		const text = await readStream(response, '"type":"stop"');
		expect(text).toContain('"type":"delta"');
		const call = await emulator().waitForRequest(
			(r) => r.seq > seq && r.accessKeyId === accessKeyId && r.operation === 'ConverseStream'
		);
		expect(call.operation).toBe('ConverseStream');
	});
});

describe('browsers without Sec-Fetch-* headers', () => {
	it('refuses a foreign Origin and a foreign Referer, accepts the app’s own', async () => {
		const ask = (headers: Record<string, string>) =>
			fetch(procedureUrl('models.list'), { headers: { cookie: jar.header(), ...headers } });
		const seq = await emulator().lastSeq();
		expect((await ask({ origin: EVIL })).status).toBe(403);
		expect((await ask({ origin: 'null' })).status).toBe(403);
		expect((await ask({ referer: `${EVIL}/page` })).status).toBe(403);
		expect((await ask({})).status).toBe(403);
		expect(await emulatorCallsSince(seq)).toEqual([]);

		const own = new URL(appUrl('/')).origin;
		expect((await ask({ origin: own })).status).toBe(200);
		expect((await ask({ referer: appUrl('/admin/supabase-bedrock/models') })).status).toBe(200);
	});
});

describe('mutations and bearer tokens', () => {
	it('refuses a cross-site POST of invoke.converse with the cookie, and makes no AWS call', async () => {
		const seq = await emulator().lastSeq();
		const response = await fetch(appUrl('/api/trpc/invoke.converse'), {
			method: 'POST',
			headers: {
				cookie: jar.header(),
				'content-type': 'text/plain',
				'sec-fetch-site': 'cross-site',
				'sec-fetch-mode': 'no-cors',
				origin: EVIL
			},
			body: JSON.stringify(converse)
		});
		expect(response.status).toBe(403);
		expect(await emulatorCallsSince(seq)).toEqual([]);
	});

	it('leaves bearer-token requests alone, whatever their Sec-Fetch-* headers say', async () => {
		const response = await fetch(appUrl('/api/trpc/me.get'), {
			headers: {
				authorization: `Bearer ${admin.accessToken}`,
				'sec-fetch-site': 'cross-site',
				'sec-fetch-mode': 'cors',
				origin: EVIL
			}
		});
		expect(response.status).toBe(200);
		expect(
			((await response.json()) as { result: { data: { email: string } } }).result.data.email
		).toBe(admin.email);
	});
});

describe('the sign-in bounce', () => {
	const target = `/api/trpc/invoke.converseStream?input=${encodeURIComponent(JSON.stringify(converse))}`;

	it('does not send a freshly signed-in visitor on to an API URL', async () => {
		const { response } = await signInThroughForm(
			admin,
			`/login?redirectTo=${encodeURIComponent(target)}`
		);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/admin/supabase-bedrock');
	});

	it('does not bounce an already signed-in visitor there either', async () => {
		const response = await jar.get(`/login?redirectTo=${encodeURIComponent(target)}`);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/admin/supabase-bedrock');
	});
});
