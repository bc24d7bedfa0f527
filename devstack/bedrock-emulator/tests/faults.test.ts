import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import {
	ConverseCommand,
	ConverseStreamCommand,
	InvokeModelWithResponseStreamCommand
} from '@aws-sdk/client-bedrock-runtime';
import { bedrockClient, runtimeClient, startTestEmulator, userText } from './helpers';
import { startEmulator } from '../server';
import { EXAMPLE_KEY_PAIR } from '../keys';

let env: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
	env = await startTestEmulator();
});
afterEach(() => env.control.reset());
afterAll(() => env.emulator.close());

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const converse = (modelId = HAIKU) =>
	runtimeClient(env.emulator.url).send(
		new ConverseCommand({ modelId, messages: userText('fault?') })
	);

describe('fault injection', () => {
	it.each([
		[
			'throttling',
			'ThrottlingException',
			429,
			'Too many requests, please wait before trying again.'
		],
		[
			'serviceUnavailable',
			'ServiceUnavailableException',
			503,
			'Bedrock is unable to process your request.'
		],
		[
			'internalServer',
			'InternalServerException',
			500,
			'The system encountered an unexpected error during processing. Try your request again.'
		],
		[
			'modelTimeout',
			'ModelTimeoutException',
			408,
			'Model has timed out in processing the request. Try your request again.'
		]
	] as const)(
		'%s surfaces as the SDK’s %s with AWS’s status and message',
		async (kind, name, status, message) => {
			await env.control.setFaults([{ kind, match: { operation: 'Converse' }, count: 1 }]);
			await expect(converse()).rejects.toMatchObject({
				name,
				message,
				$metadata: { httpStatusCode: status }
			});
			const next = await converse();
			expect(next.stopReason).toBeDefined();
			expect(await env.control.faults()).toEqual([]);
		}
	);

	it('matches rules by model id and key id, leaving other requests alone', async () => {
		await env.control.setFaults([
			{
				kind: 'throttling',
				match: {
					modelId: 'meta.llama3-8b-instruct-v1:0',
					accessKeyId: EXAMPLE_KEY_PAIR.accessKeyId
				}
			}
		]);
		const ok = await converse();
		expect(ok.stopReason).toBeDefined();
		await expect(converse('meta.llama3-8b-instruct-v1:0')).rejects.toMatchObject({
			name: 'ThrottlingException'
		});
		await expect(converse('meta.llama3-8b-instruct-v1:0')).rejects.toMatchObject({
			name: 'ThrottlingException'
		});
	});

	it('lets the SDK’s own retry recover from the next N throttled requests', async () => {
		await env.control.setFaults([
			{ kind: 'throttling', match: { operation: 'ListFoundationModels' }, count: 2 }
		]);
		const client = new (await import('@aws-sdk/client-bedrock')).BedrockClient({
			endpoint: env.emulator.url,
			region: 'us-east-1',
			credentials: { ...EXAMPLE_KEY_PAIR },
			maxAttempts: 3,
			retryStrategy: undefined
		});
		const out = await client.send(new ListFoundationModelsCommand({}));
		expect(out.$metadata.attempts).toBe(3);
		const counters = await env.control.counters();
		expect(counters.ListFoundationModels).toMatchObject({ requests: 3, errors: 2 });
	});

	it('adds latency', async () => {
		await env.control.setFaults([
			{ kind: 'latency', latencyMs: 120, match: { operation: 'ListFoundationModels' } }
		]);
		const started = performance.now();
		await bedrockClient(env.emulator.url).send(new ListFoundationModelsCommand({}));
		expect(performance.now() - started).toBeGreaterThanOrEqual(110);
	});

	it('breaks a stream mid-way with a modelStreamErrorException event', async () => {
		await env.control.setFaults([{ kind: 'streamError', afterEvents: 3 }]);
		const out = await runtimeClient(env.emulator.url).send(
			new ConverseStreamCommand({ modelId: HAIKU, messages: userText('break') })
		);
		const seen: string[] = [];
		await expect(
			(async () => {
				for await (const e of out.stream!) seen.push(Object.keys(e)[0]!);
			})()
		).rejects.toMatchObject({
			name: 'ModelStreamErrorException',
			message: 'Model Stream Error',
			originalStatusCode: 500
		});
		expect(seen).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta']);
		const record = await env.control.waitForRequest((r) => r.operation === 'ConverseStream');
		expect(record).toMatchObject({
			status: 200,
			errorName: 'ModelStreamErrorException',
			closedEarly: false
		});
	});

	it('applies run-level faults given at start-up, and reset restores them', async () => {
		const emulator = await startEmulator({
			port: 0,
			quiet: true,
			faults: [
				{ kind: 'serviceUnavailable', match: { operation: 'InvokeModelWithResponseStream' } }
			]
		});
		try {
			const client = runtimeClient(emulator.url);
			const call = () =>
				client.send(
					new InvokeModelWithResponseStreamCommand({
						modelId: 'meta.llama3-8b-instruct-v1:0',
						body: JSON.stringify({ prompt: 'x' })
					})
				);
			await expect(call()).rejects.toMatchObject({ name: 'ServiceUnavailableException' });
			await fetch(`${emulator.url}/__emulator/faults`, { method: 'DELETE' });
			const ok = await call();
			expect(ok.contentType).toBe('application/json');
			await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
			await expect(call()).rejects.toMatchObject({ name: 'ServiceUnavailableException' });
		} finally {
			await emulator.close();
		}
	});
});

describe('control surface', () => {
	it('records each request with operation, model, key, region and status, and counts per operation', async () => {
		await converse();
		await expect(converse('acme.nope-v1:0')).rejects.toMatchObject({ name: 'ValidationException' });
		const records = await env.control.requests({ operation: 'Converse' });
		expect(records).toHaveLength(2);
		expect(records[0]).toMatchObject({
			service: 'bedrock-runtime',
			operation: 'Converse',
			modelId: HAIKU,
			accessKeyId: EXAMPLE_KEY_PAIR.accessKeyId,
			region: 'us-east-1',
			status: 200,
			httpVersion: '2.0',
			closedEarly: false
		});
		expect(records[1]).toMatchObject({ status: 400, errorName: 'ValidationException' });
		expect((await env.control.counters()).Converse).toEqual({
			requests: 2,
			errors: 1,
			closedEarly: 0
		});
	});

	it('records a stream the client aborted as closed early', async () => {
		await env.control.updateSettings({ streamChunkDelayMs: 40 });
		const abort = new AbortController();
		const out = await runtimeClient(env.emulator.url).send(
			new ConverseStreamCommand({ modelId: HAIKU, messages: userText('long stream') }),
			{
				abortSignal: abort.signal
			}
		);
		let deltas = 0;
		// Like an app whose own client went away: stop reading and abort the upstream request.
		for await (const e of out.stream!) {
			if (e.contentBlockDelta) deltas++;
			if (deltas === 1) {
				abort.abort();
				break;
			}
		}
		expect(deltas).toBe(1);
		const record = await env.control.waitForRequest((r) => r.operation === 'ConverseStream');
		expect(record).toMatchObject({ closedEarly: true, status: 200 });
		expect((await env.control.counters()).ConverseStream!.closedEarly).toBe(1);
	});

	it('shows no secrets and rejects malformed control requests', async () => {
		const res = await fetch(`${env.emulator.url}/__emulator/faults`, {
			method: 'PUT',
			body: JSON.stringify({ rules: [{ kind: 'meteor' }] })
		});
		expect(res.status).toBe(400);
		const keys = await fetch(`${env.emulator.url}/__emulator/keys`).then((r) => r.text());
		// Not even the start of the secret.
		expect(keys).not.toContain(EXAMPLE_KEY_PAIR.secretAccessKey.slice(0, 12));
	});
});
