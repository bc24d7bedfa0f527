/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read the models' native JSON loosely, as a client would */
// Prompt caching in the emulator, through the real AWS SDK: a cache checkpoint writes the prefix
// the first time and reads it within the TTL, in Converse, ConverseStream and the Anthropic
// native body; body, headers and stream metadata agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ConverseCommand,
	ConverseStreamCommand,
	InvokeModelCommand,
	type Message,
	type SystemContentBlock
} from '@aws-sdk/client-bedrock-runtime';
import { randomUUID } from 'node:crypto';
import { runtimeClient, startTestEmulator } from './helpers';

let env: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
	env = await startTestEmulator();
});
afterAll(() => env.emulator.close());

// Caches (AWS's table, 1,024-token minimum); in us-east-1 only through its profile.
const SONNET_4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0'; // not in AWS's prompt-caching table
/** Comfortably above the 1,024-token minimum checkpoint (about 4 characters per token). */
const longDocument = () => `${randomUUID()} ${'The ledger records every call. '.repeat(200)}`;

function converseInput(system: string, question: string, ttl?: '5m' | '1h') {
	const systemBlocks: SystemContentBlock[] = [
		{ text: system },
		{ cachePoint: { type: 'default', ...(ttl ? { ttl } : {}) } } as SystemContentBlock
	];
	const messages: Message[] = [{ role: 'user', content: [{ text: question }] }];
	return { modelId: SONNET_4, system: systemBlocks, messages };
}

describe('Converse', () => {
	it('writes the prefix before a cachePoint first, then reads it', async () => {
		const client = runtimeClient(env.emulator.url);
		const doc = longDocument();
		const first = await client.send(new ConverseCommand(converseInput(doc, 'Question one')));
		expect(first.usage!.cacheWriteInputTokens).toBeGreaterThanOrEqual(1024);
		expect(first.usage!.cacheReadInputTokens).toBe(0);
		const second = await client.send(new ConverseCommand(converseInput(doc, 'Question two')));
		expect(second.usage!.cacheReadInputTokens).toBe(first.usage!.cacheWriteInputTokens);
		expect(second.usage!.cacheWriteInputTokens).toBe(0);
		// inputTokens excludes the cache; the total includes it.
		const u = second.usage!;
		expect(u.totalTokens).toBe(u.inputTokens! + u.cacheReadInputTokens! + u.outputTokens!);
		expect(u.inputTokens).toBeLessThan(50);
	});

	it('does not cache a prefix below the minimum, without a cachePoint, or on a model without caching', async () => {
		const client = runtimeClient(env.emulator.url);
		const short = await client.send(new ConverseCommand(converseInput('Short system', 'Hi')));
		expect(short.usage).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
		const doc = longDocument();
		for (let i = 0; i < 2; i++) {
			const plain = await client.send(
				new ConverseCommand({
					modelId: SONNET_4,
					system: [{ text: doc }],
					messages: [{ role: 'user', content: [{ text: 'Hi' }] }]
				})
			);
			expect(plain.usage).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
		}
		for (let i = 0; i < 2; i++) {
			const unsupported = await client.send(
				new ConverseCommand({ ...converseInput(doc, 'Hi'), modelId: HAIKU })
			);
			expect(unsupported.usage).toMatchObject({
				cacheReadInputTokens: 0,
				cacheWriteInputTokens: 0
			});
		}
	});

	it('refuses a TTL Bedrock does not offer', async () => {
		const client = runtimeClient(env.emulator.url);
		await expect(
			client.send(new ConverseCommand(converseInput(longDocument(), 'x', '2h' as never)))
		).rejects.toMatchObject({ name: 'ValidationException' });
	});
});

describe('ConverseStream', () => {
	it('reports the cache counts in the metadata event, agreeing with Converse', async () => {
		const client = runtimeClient(env.emulator.url);
		const doc = longDocument();
		const usages: any[] = [];
		for (const q of ['one', 'two']) {
			const out = await client.send(new ConverseStreamCommand(converseInput(doc, q, '1h')));
			for await (const event of out.stream!) if (event.metadata) usages.push(event.metadata.usage);
		}
		expect(usages[0].cacheWriteInputTokens).toBeGreaterThanOrEqual(1024);
		expect(usages[1].cacheReadInputTokens).toBe(usages[0].cacheWriteInputTokens);
		expect(usages[1].cacheWriteInputTokens).toBe(0);
		const converse = await client.send(new ConverseCommand(converseInput(doc, 'two', '1h')));
		expect(converse.usage!.cacheReadInputTokens).toBe(usages[1].cacheReadInputTokens);
		expect(converse.usage!.inputTokens).toBe(usages[1].inputTokens);
	});
});

describe('Anthropic native body', () => {
	it('reports cache_creation then cache_read in the body, and the same in the headers', async () => {
		const client = runtimeClient(env.emulator.url);
		let headers: Record<string, string> = {};
		client.middlewareStack.add(
			(next) => async (args) => {
				const result = await next(args);
				headers = (result.response as { headers: Record<string, string> }).headers;
				return result;
			},
			{ step: 'deserialize' }
		);
		const doc = longDocument();
		const call = async () => {
			const out = await client.send(
				new InvokeModelCommand({
					modelId: SONNET_4,
					contentType: 'application/json',
					body: JSON.stringify({
						anthropic_version: 'bedrock-2023-05-31',
						max_tokens: 50,
						system: [{ type: 'text', text: doc, cache_control: { type: 'ephemeral' } }],
						messages: [{ role: 'user', content: 'Summarise' }]
					})
				})
			);
			return { body: JSON.parse(new TextDecoder().decode(out.body)), headers: { ...headers } };
		};
		const first = await call();
		expect(first.body.usage.cache_creation_input_tokens).toBeGreaterThanOrEqual(1024);
		expect(first.body.usage.cache_read_input_tokens).toBe(0);
		const second = await call();
		expect(second.body.usage.cache_read_input_tokens).toBe(
			first.body.usage.cache_creation_input_tokens
		);
		expect(second.body.usage.cache_creation_input_tokens).toBe(0);
		expect(Number(second.headers['x-amzn-bedrock-input-token-count'])).toBe(
			second.body.usage.input_tokens
		);
		expect(Number(second.headers['x-amzn-bedrock-cache-read-input-token-count'])).toBe(
			second.body.usage.cache_read_input_tokens
		);
		expect(Number(first.headers['x-amzn-bedrock-cache-write-input-token-count'])).toBe(
			first.body.usage.cache_creation_input_tokens
		);
	});
});
