/**
 * The typed client's subscription path from Node: server-sent events over fetch with the
 * bearer header (Node 20 has no EventSource, and a browser one could not send the header).
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { TRPCClientError } from '@trpc/client';
import { createBedrockAdminClient, type BedrockAdminClient } from '../../../src/lib/trpc/client';
import { testEnv } from '../../helpers/test-env';
import { createTestUser } from '../../helpers/factories';
import { EXAMPLE_KEY_PAIR } from '../../../devstack/bedrock-emulator/keys';

const EXAMPLE_KEY = { ...EXAMPLE_KEY_PAIR };
const converse = {
	modelId: 'amazon.titan-text-lite-v1',
	messages: [{ role: 'user' as const, content: 'Say hello' }],
	inferenceConfig: { maxTokens: 20 }
};

type StreamOutcome = { events: { type: string }[]; error?: TRPCClientError<never> };

function streamOnce(api: BedrockAdminClient): Promise<StreamOutcome> {
	return new Promise((resolve) => {
		const events: { type: string }[] = [];
		const subscription = api.invoke.converseStream.subscribe(converse, {
			onData: (event) => events.push(event),
			onError: (error) => {
				subscription.unsubscribe();
				resolve({ events, error: error as TRPCClientError<never> });
			},
			onComplete: () => resolve({ events })
		});
	});
}

describe('createBedrockAdminClient subscriptions', () => {
	it('streams a Converse answer with the bearer token', async () => {
		const user = await createTestUser();
		const api = createBedrockAdminClient({ url: testEnv().APP_URL, accessToken: user.accessToken });
		await api.credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-1' });

		const { events, error } = await streamOnce(api);
		expect(error).toBeUndefined();
		expect(events.some((event) => event.type === 'delta')).toBe(true);
		expect(events.map((event) => event.type)).toContain('stop');
	});

	it('sends each event whole: every read the client gets ends where an event ends', async () => {
		const user = await createTestUser();
		const api = createBedrockAdminClient({ url: testEnv().APP_URL, accessToken: user.accessToken });
		await api.credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-1' });

		const url = new URL(
			`/api/trpc/invoke.converseStream?input=${encodeURIComponent(JSON.stringify(converse))}`,
			testEnv().APP_URL
		);
		const reads = await new Promise<string[]>((resolve, reject) => {
			const req = request(
				url,
				{
					headers: { authorization: `Bearer ${user.accessToken}`, accept: 'text/event-stream' }
				},
				(res) => {
					const chunks: string[] = [];
					res.setEncoding('utf8');
					res.on('data', (chunk: string) => chunks.push(chunk));
					res.on('end', () => resolve(chunks));
					res.on('error', reject);
				}
			);
			req.once('error', reject);
			req.end();
		});
		// Before, tRPC's pieces of an event went out as separate writes, and a read often held
		// half an event (`data: …` without its blank line).
		expect(reads.length).toBeGreaterThan(2);
		for (const read of reads) expect(read.endsWith('\n\n')).toBe(true);
		const text = reads.join('');
		expect(text).toContain('event: connected');
		expect(text).toContain('"type":"delta"');
		expect(text).toContain('"type":"metadata"');
	});

	it('reports UNAUTHORIZED to the subscriber when the token is not valid', async () => {
		const api = createBedrockAdminClient({
			url: testEnv().APP_URL,
			accessToken: 'forged.token.value'
		});
		const { events, error } = await streamOnce(api);
		expect(events).toEqual([]);
		expect(error?.data).toMatchObject({ code: 'UNAUTHORIZED' });
	});
});
