/**
 * A plain query or mutation answer leaves with its length (one write, no chunked terminator a
 * turn later); streams stay streams. Raw HTTP against the built app, so the headers Node sent
 * are the ones asserted.
 */
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../helpers/test-env';
import { userWithSavedKey, type ApiUser } from '../api/harness';

interface RawAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

function get(path: string, token: string, headers: Record<string, string> = {}) {
	return new Promise<RawAnswer>((resolve, reject) => {
		const req = request(new URL(path, testEnv().APP_URL), {
			headers: { authorization: `Bearer ${token}`, ...headers }
		});
		req.on('response', (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

let user: ApiUser;

beforeAll(async () => {
	({ user } = await userWithSavedKey());
});

describe('tRPC answers over HTTP', () => {
	it('sends a query answer with its length, not chunked', async () => {
		const answer = await get(
			`/api/trpc/models.list?input=${input({ search: 'titan' })}`,
			user.accessToken
		);
		expect(answer.status).toBe(200);
		expect(answer.headers['transfer-encoding']).toBeUndefined();
		expect(Number(answer.headers['content-length'])).toBe(answer.body.byteLength);
		expect(JSON.parse(answer.body.toString()).result.data.models.length).toBeGreaterThan(0);
	});

	it('sends an error answer with its length too', async () => {
		const answer = await get(
			`/api/trpc/models.get?input=${input({ modelId: '' })}`,
			user.accessToken
		);
		expect(answer.status).toBe(400);
		expect(Number(answer.headers['content-length'])).toBe(answer.body.byteLength);
		expect(JSON.parse(answer.body.toString()).error.data.code).toBe('BAD_REQUEST');
	});

	it('keeps a streamed batch (application/jsonl) streamed', async () => {
		const answer = await get(
			`/api/trpc/models.list?batch=1&input=${input({ 0: {} })}`,
			user.accessToken,
			{ 'trpc-accept': 'application/jsonl' }
		);
		expect(answer.status).toBe(200);
		expect(answer.headers['content-length']).toBeUndefined();
		expect(answer.headers['transfer-encoding']).toBe('chunked');
	});

	it('keeps a subscription (text/event-stream) streamed', async () => {
		const converse = {
			modelId: 'amazon.titan-text-lite-v1',
			messages: [{ role: 'user', content: 'Say hello' }],
			inferenceConfig: { maxTokens: 16 }
		};
		const answer = await get(
			`/api/trpc/invoke.converseStream?input=${input(converse)}`,
			user.accessToken
		);
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toMatch(/^text\/event-stream/);
		expect(answer.headers['content-length']).toBeUndefined();
		expect(answer.body.toString()).toMatch(/"type":"stop"/);
	});
});
