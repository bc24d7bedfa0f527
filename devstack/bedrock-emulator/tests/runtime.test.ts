/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read the models' native JSON loosely, as a client would */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ConverseCommand,
	ConverseStreamCommand,
	InvokeModelCommand,
	InvokeModelWithResponseStreamCommand,
	type ConverseStreamOutput
} from '@aws-sdk/client-bedrock-runtime';
import { runtimeClient, startTestEmulator, userText } from './helpers';

let env: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
	env = await startTestEmulator();
});
afterAll(() => env.emulator.close());

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const decoder = new TextDecoder();
const json = (bytes: Uint8Array | undefined) =>
	JSON.parse(decoder.decode(bytes)) as Record<string, any>;

async function invoke(modelId: string, body: unknown) {
	const client = runtimeClient(env.emulator.url);
	let headers: Record<string, string> = {};
	// The SDK does not surface raw response headers; a deserialize-step middleware sees them.
	client.middlewareStack.add(
		(next) => async (args) => {
			const result = await next(args);
			headers = (result.response as { headers: Record<string, string> }).headers;
			return result;
		},
		{ step: 'deserialize' }
	);
	const out = await client.send(
		new InvokeModelCommand({
			modelId,
			body: JSON.stringify(body),
			contentType: 'application/json',
			accept: 'application/json'
		})
	);
	return { out, body: json(out.body), headers };
}

async function invokeStream(modelId: string, body: unknown) {
	const out = await runtimeClient(env.emulator.url).send(
		new InvokeModelWithResponseStreamCommand({
			modelId,
			body: JSON.stringify(body),
			contentType: 'application/json'
		})
	);
	const chunks: Record<string, any>[] = [];
	for await (const event of out.body!) chunks.push(json(event.chunk!.bytes));
	return { out, chunks };
}

describe('Converse', () => {
	it('answers in the unified shape with usage and metrics', async () => {
		const out = await runtimeClient(env.emulator.url).send(
			new ConverseCommand({
				modelId: HAIKU,
				messages: userText('Hello there'),
				system: [{ text: 'Be terse.' }],
				inferenceConfig: { maxTokens: 200 }
			})
		);
		expect(out.output?.message?.role).toBe('assistant');
		const text = out.output!.message!.content![0]!.text!;
		expect(text.length).toBeGreaterThan(0);
		expect(out.stopReason).toBe('end_turn');
		expect(out.usage!.outputTokens).toBe(text.split(/\s+/).length);
		expect(out.usage!.totalTokens).toBe(out.usage!.inputTokens! + out.usage!.outputTokens!);
		expect(out.metrics!.latencyMs).toBeGreaterThanOrEqual(0);
	});

	it('is deterministic: the same request gives the same answer, another prompt another one', async () => {
		const client = runtimeClient(env.emulator.url);
		const ask = (text: string) =>
			client.send(new ConverseCommand({ modelId: HAIKU, messages: userText(text) }));
		const [a, b, c] = await Promise.all([
			ask('same input'),
			ask('same input'),
			ask('different input')
		]);
		expect(a.output).toEqual(b.output);
		expect(a.usage).toEqual(b.usage);
		expect(c.output).not.toEqual(a.output);
	});

	it('honours maxTokens: the answer is cut to that many tokens with stopReason max_tokens', async () => {
		const client = runtimeClient(env.emulator.url);
		const full = await client.send(
			new ConverseCommand({ modelId: HAIKU, messages: userText('cut me') })
		);
		const short = await client.send(
			new ConverseCommand({
				modelId: HAIKU,
				messages: userText('cut me'),
				inferenceConfig: { maxTokens: 5 }
			})
		);
		expect(short.stopReason).toBe('max_tokens');
		expect(short.usage!.outputTokens).toBe(5);
		const shortText = short.output!.message!.content![0]!.text!;
		expect(shortText.split(' ')).toHaveLength(5);
		expect(full.output!.message!.content![0]!.text!.startsWith(shortText)).toBe(true);
	});

	it('honours stop sequences: the answer ends before the sequence with stopReason stop_sequence', async () => {
		const client = runtimeClient(env.emulator.url);
		const full = (
			await client.send(new ConverseCommand({ modelId: HAIKU, messages: userText('stop me') }))
		).output!.message!.content![0]!.text!;
		const stopWord = full.split(' ')[6]!;
		const stopped = await client.send(
			new ConverseCommand({
				modelId: HAIKU,
				messages: userText('stop me'),
				inferenceConfig: { stopSequences: [stopWord] },
				additionalModelResponseFieldPaths: ['/stop_sequence']
			})
		);
		const text = stopped.output!.message!.content![0]!.text!;
		expect(stopped.stopReason).toBe('stop_sequence');
		expect(text).toBe(full.slice(0, full.indexOf(stopWord)).trimEnd());
		expect(text).not.toContain(stopWord);
		expect(stopped.additionalModelResponseFields).toEqual({ stop_sequence: stopWord });
	});

	it('accepts inference-profile ids and ARNs, refuses the bare id of a profile-only model with AWS’s message', async () => {
		const client = runtimeClient(env.emulator.url);
		const viaId = await client.send(
			new ConverseCommand({ modelId: 'us.amazon.nova-micro-v1:0', messages: userText('hi') })
		);
		expect(viaId.stopReason).toBe('end_turn');
		const viaArn = await client.send(
			new ConverseCommand({
				modelId:
					'arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0',
				messages: userText('hi')
			})
		);
		expect(viaArn.usage!.outputTokens).toBeGreaterThan(0);
		await expect(
			client.send(
				new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: userText('hi') })
			)
		).rejects.toMatchObject({
			name: 'ValidationException',
			message:
				'Invocation of model ID amazon.nova-micro-v1:0 with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.'
		});
	});

	it('refuses an unknown model, and a profile of another geography, as an invalid identifier', async () => {
		const client = runtimeClient(env.emulator.url);
		for (const modelId of ['acme.unknown-v1:0', 'eu.anthropic.claude-3-haiku-20240307-v1:0']) {
			await expect(
				client.send(new ConverseCommand({ modelId, messages: userText('hi') }))
			).rejects.toMatchObject({
				name: 'ValidationException',
				message: 'The provided model identifier is invalid.'
			});
		}
	});

	it('refuses Converse on an embedding model', async () => {
		await expect(
			runtimeClient(env.emulator.url).send(
				new ConverseCommand({ modelId: 'amazon.titan-embed-text-v2:0', messages: userText('hi') })
			)
		).rejects.toMatchObject({ name: 'ValidationException' });
	});
});

describe('ConverseStream', () => {
	it('emits messageStart, several deltas, contentBlockStop, messageStop, metadata, in that order', async () => {
		const client = runtimeClient(env.emulator.url);
		const request = {
			modelId: HAIKU,
			messages: userText('stream please'),
			inferenceConfig: { maxTokens: 40 }
		};
		const out = await client.send(new ConverseStreamCommand(request));
		const events: ConverseStreamOutput[] = [];
		for await (const e of out.stream!) events.push(e);
		const kinds = events.map((e) => Object.keys(e).find((k) => k !== '$unknown')!);
		expect(kinds[0]).toBe('messageStart');
		expect(kinds.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
		const deltas = events.filter((e) => e.contentBlockDelta);
		expect(deltas.length).toBeGreaterThan(2);
		expect(kinds.slice(1, 1 + deltas.length).every((k) => k === 'contentBlockDelta')).toBe(true);

		const text = deltas.map((d) => d.contentBlockDelta!.delta!.text).join('');
		const whole = await client.send(new ConverseCommand(request));
		expect(text).toBe(whole.output!.message!.content![0]!.text);
		const metadata = events.at(-1)!.metadata!;
		expect(metadata.usage).toMatchObject({
			inputTokens: whole.usage!.inputTokens,
			outputTokens: whole.usage!.outputTokens
		});
		expect(metadata.metrics!.latencyMs).toBeGreaterThanOrEqual(0);
		expect(events.find((e) => e.messageStop)!.messageStop!.stopReason).toBe(whole.stopReason);
	});
});

describe('InvokeModel native bodies', () => {
	it('Amazon Titan Text: inputText → results[], counts agree with the headers', async () => {
		const {
			out,
			body,
			headers: h
		} = await invoke('amazon.titan-text-express-v1', {
			inputText: 'User: What is 2+2?\nBot:',
			textGenerationConfig: { maxTokenCount: 20, temperature: 0.7 }
		});
		expect(out.contentType).toBe('application/json');
		const result = body.results[0];
		expect(result.outputText.length).toBeGreaterThan(0);
		expect(result.tokenCount).toBe(20);
		expect(result.completionReason).toBe('LENGTH');
		expect(Number(h['x-amzn-bedrock-output-token-count'])).toBe(result.tokenCount);
		expect(Number(h['x-amzn-bedrock-input-token-count'])).toBe(body.inputTextTokenCount);
		expect(Number(h['x-amzn-bedrock-invocation-latency'])).toBeGreaterThanOrEqual(0);
	});

	it('Anthropic Claude text completion (Claude 2): prompt → completion with stop reason', async () => {
		const { body } = await invoke('anthropic.claude-v2', {
			prompt: '\n\nHuman: Tell me a joke\n\nAssistant:',
			max_tokens_to_sample: 300,
			stop_sequences: ['\n\nHuman:']
		});
		expect(body.completion).toMatch(/^ \S/);
		expect(body).toMatchObject({ stop_reason: 'stop_sequence', stop: '\n\nHuman:' });
	});

	it('Anthropic Claude Messages: anthropic_version + messages → message with usage', async () => {
		const { body, headers } = await invoke(HAIKU, {
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 10,
			system: 'Be terse.',
			messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]
		});
		expect(body).toMatchObject({
			type: 'message',
			role: 'assistant',
			model: 'claude-3-haiku-20240307',
			stop_reason: 'max_tokens'
		});
		expect(body.id).toMatch(/^msg_bdrk_/);
		expect(body.content[0].type).toBe('text');
		expect(body.usage.output_tokens).toBe(10);
		expect(Number(headers['x-amzn-bedrock-input-token-count'])).toBe(body.usage.input_tokens);
	});

	it('refuses a Messages body without max_tokens the way Bedrock does', async () => {
		await expect(
			invoke(HAIKU, {
				anthropic_version: 'bedrock-2023-05-31',
				messages: [{ role: 'user', content: 'Hi' }]
			})
		).rejects.toMatchObject({
			name: 'ValidationException',
			message:
				'Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.'
		});
	});

	it('Meta Llama: prompt → generation with token counts', async () => {
		const { body } = await invoke('meta.llama3-8b-instruct-v1:0', {
			prompt:
				'<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
			max_gen_len: 512
		});
		expect(body.generation.length).toBeGreaterThan(0);
		expect(body.generation_token_count).toBe(body.generation.split(' ').length);
		expect(body.prompt_token_count).toBeGreaterThan(0);
		expect(body.stop_reason).toBe('stop');
	});

	it('Mistral: prompt → outputs[]', async () => {
		const { body } = await invoke('mistral.mistral-7b-instruct-v0:2', {
			prompt: '<s>[INST] Hi [/INST]',
			max_tokens: 3
		});
		expect(body.outputs[0].text.split(' ')).toHaveLength(3);
		expect(body.outputs[0].stop_reason).toBe('length');
	});

	it('Titan embeddings: inputText → embedding of the real size', async () => {
		const { body } = await invoke('amazon.titan-embed-text-v2:0', {
			inputText: 'hello',
			dimensions: 256
		});
		expect(body.embedding).toHaveLength(256);
		expect(body.inputTextTokenCount).toBeGreaterThan(0);
	});
});

describe('InvokeModelWithResponseStream', () => {
	it('streams several native chunks with invocation metrics in the last one (Claude Messages)', async () => {
		const { out, chunks } = await invokeStream(HAIKU, {
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 30,
			messages: [{ role: 'user', content: 'Hi' }]
		});
		expect(out.contentType).toBe('application/json');
		expect(chunks.map((c) => c.type)).toEqual([
			'message_start',
			'content_block_start',
			...chunks.filter((c) => c.type === 'content_block_delta').map(() => 'content_block_delta'),
			'content_block_stop',
			'message_delta',
			'message_stop'
		]);
		expect(chunks.filter((c) => c.type === 'content_block_delta').length).toBeGreaterThan(2);
		const metrics = chunks.at(-1)!['amazon-bedrock-invocationMetrics'];
		expect(metrics).toMatchObject({
			inputTokenCount: chunks[0]!.message.usage.input_tokens,
			outputTokenCount: 30
		});
		expect(chunks.find((c) => c.type === 'message_delta')!.usage.output_tokens).toBe(30);
		expect(chunks.slice(0, -1).some((c) => 'amazon-bedrock-invocationMetrics' in c)).toBe(false);
	});

	it.each([
		[
			'amazon.titan-text-lite-v1',
			{ inputText: 'Hi' },
			(c: any) => c.outputText,
			(c: any) => c.totalOutputTextTokenCount
		],
		[
			'meta.llama3-8b-instruct-v1:0',
			{ prompt: 'Hi' },
			(c: any) => c.generation,
			(c: any) => c.generation_token_count
		],
		[
			'mistral.mistral-7b-instruct-v0:2',
			{ prompt: '<s>[INST] Hi [/INST]' },
			(c: any) => c.outputs[0].text,
			() => undefined
		],
		[
			'anthropic.claude-instant-v1',
			{ prompt: '\n\nHuman: Hi\n\nAssistant:', max_tokens_to_sample: 50 },
			(c: any) => c.completion,
			() => undefined
		]
	])(
		'streams %s in its native chunk format, text matching InvokeModel',
		async (modelId, body, textOf, countOf) => {
			const { chunks } = await invokeStream(modelId, body);
			const { body: whole, headers } = await invoke(modelId, body);
			expect(chunks.length).toBeGreaterThan(3);
			const metrics = chunks.at(-1)!['amazon-bedrock-invocationMetrics'];
			expect(metrics.outputTokenCount).toBe(Number(headers['x-amzn-bedrock-output-token-count']));
			const streamed = chunks.map(textOf).join('');
			expect(JSON.stringify(whole)).toContain(JSON.stringify(streamed).slice(1, -1));
			const finalCount = countOf(chunks.at(-1));
			if (finalCount !== undefined) expect(finalCount).toBe(metrics.outputTokenCount);
		}
	);

	it('refuses streaming for a model that does not stream', async () => {
		await expect(
			invokeStream('amazon.titan-embed-text-v2:0', { inputText: 'x' })
		).rejects.toMatchObject({
			name: 'ValidationException',
			message: 'The model is unsupported for streaming'
		});
	});
});
