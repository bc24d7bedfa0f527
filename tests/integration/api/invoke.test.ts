/**
 * invoke.*: Converse, ConverseStream (SSE, cancelled upstream when the client leaves) and
 * native InvokeModel, with AWS failures turned into errors with the AWS name and a hint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../helpers/test-env';
import {
	converseOutput,
	converseStreamEventSchema,
	invokeModelOutput,
	type ConverseStreamEvent
} from '../../../src/lib/schemas/invoke';
import {
	api,
	type ApiUser,
	emulator,
	finishApiSuite,
	type KeyPair,
	newUser,
	userWithSavedKey
} from './harness';

let user: ApiUser;
let key: KeyPair;

beforeAll(async () => {
	({ user, key } = await userWithSavedKey({
		modelAccess: [
			'amazon.titan-text-express-v1',
			'amazon.titan-text-lite-v1',
			'amazon.nova-micro-v1:0',
			'anthropic.claude-3-haiku-20240307-v1:0'
		]
	}));
});
afterAll(finishApiSuite);

const hello = (modelId: string, extra: Record<string, unknown> = {}) => ({
	modelId,
	system: 'Answer briefly.',
	messages: [{ role: 'user' as const, content: 'Say hello' }],
	...extra
});

function collect(input: ReturnType<typeof hello>, options: { stopAfterFirstDelta?: boolean } = {}) {
	return new Promise<{ events: ConverseStreamEvent[]; error?: unknown }>((resolve) => {
		const events: ConverseStreamEvent[] = [];
		const sub = api(user).invoke.converseStream.subscribe(input, {
			onData(event) {
				events.push(converseStreamEventSchema.parse(event));
				if (options.stopAfterFirstDelta && event.type === 'delta') {
					sub.unsubscribe();
					resolve({ events });
				}
			},
			onError: (error) => resolve({ events, error }),
			onComplete: () => resolve({ events })
		});
	});
}

/** Resolves once no latency rule for this key and operation is left (the emulator took it). */
async function untilFaultUsed(operation: string): Promise<void> {
	for (;;) {
		const rules = await emulator().faults();
		if (
			!rules.some(
				(r) => r.match?.operation === operation && r.match?.accessKeyId === key.accessKeyId
			)
		)
			return;
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('invoke.converse', () => {
	it('returns text, stop reason, token usage and latency', async () => {
		const out = converseOutput.parse(
			await api(user).invoke.converse.mutate(
				hello('amazon.titan-text-express-v1', {
					inferenceConfig: { maxTokens: 200, temperature: 0.5 }
				})
			)
		);
		expect(out.text.length).toBeGreaterThan(0);
		expect(out.stopReason).toBe('end_turn');
		expect(out.usage.outputTokens).toBeGreaterThan(0);
		expect(out.usage.totalTokens).toBe(out.usage.inputTokens + out.usage.outputTokens);
		expect(out.latencyMs).toBeGreaterThanOrEqual(0);
		expect(out.durationMs).toBeGreaterThanOrEqual(0);
	});

	it('honours maxTokens', async () => {
		const out = await api(user).invoke.converse.mutate(
			hello('amazon.titan-text-express-v1', { inferenceConfig: { maxTokens: 3 } })
		);
		expect(out.stopReason).toBe('max_tokens');
		expect(out.usage.outputTokens).toBeLessThanOrEqual(3);
	});

	it('suggests the inference profiles for a model that needs one', async () => {
		await api(user).models.list.query({}); // the catalog (and its profiles) is now known
		await expect(
			api(user).invoke.converse.mutate(hello('amazon.nova-micro-v1:0'))
		).rejects.toMatchObject({
			data: {
				code: 'BAD_REQUEST',
				awsError: 'ValidationException',
				hint: expect.stringMatching(
					/through a cross-region inference profile instead: .*us\.amazon\.nova-micro-v1:0/
				)
			}
		});
		const viaProfile = await api(user).invoke.converse.mutate(hello('us.amazon.nova-micro-v1:0'));
		expect(viaProfile.text.length).toBeGreaterThan(0);
	});

	it('explains model access that was not granted', async () => {
		await expect(
			api(user).invoke.converse.mutate(hello('meta.llama3-8b-instruct-v1:0'))
		).rejects.toMatchObject({
			data: {
				code: 'FORBIDDEN',
				awsError: 'AccessDeniedException',
				hint: expect.stringMatching(
					/Model access for "meta.llama3-8b-instruct-v1:0" has not been granted/
				)
			}
		});
	});

	it('reports throttling after the retry', async () => {
		await emulator().addFault({
			kind: 'throttling',
			count: 2,
			match: {
				accessKeyId: key.accessKeyId,
				operation: 'Converse',
				modelId: 'anthropic.claude-3-haiku-20240307-v1:0'
			}
		});
		await expect(
			api(user).invoke.converse.mutate(hello('anthropic.claude-3-haiku-20240307-v1:0'))
		).rejects.toMatchObject({
			data: {
				code: 'TOO_MANY_REQUESTS',
				awsError: 'ThrottlingException',
				hint: expect.stringMatching(/throttling/)
			}
		});
	});

	it('asks for credentials first when none are saved', async () => {
		const nobody = await newUser();
		await expect(
			api(nobody).invoke.converse.mutate(hello('amazon.titan-text-express-v1'))
		).rejects.toMatchObject({
			data: { code: 'PRECONDITION_FAILED', hint: expect.stringMatching(/Save an access key id/) }
		});
	});
});

describe('invoke.invokeModel', () => {
	it('sends a native body and returns the native JSON', async () => {
		const out = invokeModelOutput.parse(
			await api(user).invoke.invokeModel.mutate({
				modelId: 'amazon.titan-text-express-v1',
				body: { inputText: 'Hello', textGenerationConfig: { maxTokenCount: 20 } }
			})
		);
		expect(out.contentType).toBe('application/json');
		const body = out.body as { results: { outputText: string; tokenCount: number }[] };
		expect(body.results[0]!.outputText.length).toBeGreaterThan(0);
		expect(body.results[0]!.tokenCount).toBeLessThanOrEqual(20);
	});

	it('passes AWS validation errors on with a hint', async () => {
		await expect(
			api(user).invoke.invokeModel.mutate({
				modelId: 'amazon.titan-text-express-v1',
				body: { prompt: 42 }
			})
		).rejects.toMatchObject({
			data: { code: 'BAD_REQUEST', awsError: 'ValidationException', hint: expect.any(String) }
		});
	});
});

describe('a client that hangs up on a non-streaming call', () => {
	// The body has been read by then, so SvelteKit's request.signal no longer fires: only
	// the closed connection tells the server to stop waiting for (and paying for) the answer.
	it.each([
		{
			path: 'invoke.converse',
			operation: 'Converse',
			input: hello('amazon.titan-text-express-v1')
		},
		{
			path: 'invoke.invokeModel',
			operation: 'InvokeModel',
			input: { modelId: 'amazon.titan-text-express-v1', body: { inputText: 'Hello' } }
		}
	])('aborts the upstream $operation call', async ({ path, operation, input }) => {
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 4000,
			count: 1,
			match: { accessKeyId: key.accessKeyId, operation }
		});
		const seq = await emulator().lastSeq();
		const started = Date.now();
		const client = new AbortController();
		const call = fetch(`${testEnv().APP_URL}/api/trpc/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
			body: JSON.stringify(input),
			signal: client.signal
		});
		// Hang up once the emulator holds the call (its one-shot latency rule is used up), however
		// long the app took to get there: a fixed delay loses the race on a loaded machine, and a
		// hang-up before the AWS call proves nothing about aborting it.
		void untilFaultUsed(operation).then(() => client.abort());
		await expect(call).rejects.toMatchObject({ name: 'AbortError' });
		const record = await emulator().waitForRequest(
			(r) => r.seq > seq && r.accessKeyId === key.accessKeyId && r.operation === operation,
			5000
		);
		expect(record.closedEarly).toBe(true);
		expect(Date.now() - started).toBeLessThan(3000);
	});
});

describe('invoke.converseStream', () => {
	it('streams text deltas, then the stop reason, then usage and metrics', async () => {
		const { events, error } = await collect(hello('anthropic.claude-3-haiku-20240307-v1:0'));
		expect(error).toBeUndefined();
		const deltas = events.filter((e) => e.type === 'delta');
		expect(deltas.length).toBeGreaterThan(1);
		const kinds = events.map((e) => e.type);
		expect(kinds.indexOf('stop')).toBeGreaterThan(kinds.lastIndexOf('delta'));
		expect(kinds.at(-1)).toBe('metadata');
		const metadata = events.at(-1) as Extract<ConverseStreamEvent, { type: 'metadata' }>;
		expect(metadata.usage.outputTokens).toBeGreaterThan(0);
		expect(metadata.firstTokenMs).not.toBeNull();
		// Same text as the non-streamed call for the same input (the emulator is deterministic).
		const plain = await api(user).invoke.converse.mutate(
			hello('anthropic.claude-3-haiku-20240307-v1:0')
		);
		expect(deltas.map((d) => (d.type === 'delta' ? d.text : '')).join('')).toBe(plain.text);
	});

	it('aborts the upstream AWS call when the client goes away', async () => {
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 4000,
			count: 1,
			match: { accessKeyId: key.accessKeyId, operation: 'ConverseStream' }
		});
		const seq = await emulator().lastSeq();
		const started = Date.now();
		const sub = api(user).invoke.converseStream.subscribe(hello('amazon.titan-text-lite-v1'), {
			onData: () => {}
		});
		await new Promise((r) => setTimeout(r, 600));
		sub.unsubscribe();
		const record = await emulator().waitForRequest(
			(r) => r.seq > seq && r.accessKeyId === key.accessKeyId && r.operation === 'ConverseStream',
			5000
		);
		expect(record.closedEarly).toBe(true);
		expect(Date.now() - started).toBeLessThan(4000);
	});

	it('ends a stream AWS broke midway cleanly: the text so far, then interrupted with the AWS name and a hint', async () => {
		await emulator().addFault({
			kind: 'streamError',
			afterEvents: 3,
			count: 1,
			match: { accessKeyId: key.accessKeyId, operation: 'ConverseStream' }
		});
		const { events, error } = await collect(hello('amazon.titan-text-express-v1'));
		expect(error).toBeUndefined();
		expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(0);
		expect(events.at(-1)).toEqual({
			type: 'interrupted',
			reason: 'stream_broken',
			message: 'Model Stream Error',
			retryable: true,
			awsError: 'ModelStreamErrorException',
			hint: expect.stringMatching(/Retry/)
		});
	});

	it('reports a stream that breaks before any text as an error with the AWS name and a hint', async () => {
		await emulator().addFault({
			kind: 'streamError',
			afterEvents: 1,
			count: 1,
			match: { accessKeyId: key.accessKeyId, operation: 'ConverseStream' }
		});
		const { events, error } = await collect(hello('amazon.titan-text-express-v1'));
		expect(events.filter((e) => e.type === 'delta')).toEqual([]);
		// Not a code tRPC's client would re-subscribe on (that would re-run and re-bill the generation).
		expect(error).toMatchObject({
			message: 'Model Stream Error',
			data: {
				code: 'UNPROCESSABLE_CONTENT',
				awsError: 'ModelStreamErrorException',
				hint: expect.stringMatching(/Retry/)
			}
		});
	});

	it('fails cleanly when the model needs an inference profile', async () => {
		const { error } = await collect(hello('amazon.nova-micro-v1:0'));
		expect(error).toMatchObject({ data: { code: 'BAD_REQUEST', awsError: 'ValidationException' } });
	});
});
