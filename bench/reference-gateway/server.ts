/**
 * The thinnest gateway one could write in Node, for `npm run bench`'s reference rows: plain
 * node:http in a process of its own, the same AWS SDK, and nothing else (no sign-in, limits,
 * budgets, ledger, validation or framework). It answers the bench's three calls on the same
 * paths and in the same shapes as this app, so the bench drives both with the same client:
 *   POST /api/trpc/invoke.converse         → Converse, the answer's text and usage
 *   GET  /api/trpc/invoke.converseStream   → ConverseStream as server-sent `delta` events
 *   GET  /api/trpc/models.list             → ListFoundationModels fetched once, kept in memory,
 *                                            serialized per request
 *   GET  /livez                            → an empty answer (the hop by itself)
 * What it adds over calling the emulator directly is what the HTTP hop through a Node server
 * costs on this machine, which no gateway written in Node can avoid.
 *
 * Started by spawn.ts (node --import tsx, env EMULATOR_URL); prints its URL on stdout.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import {
	BedrockRuntimeClient,
	ConverseCommand,
	ConverseStreamCommand,
	type Message
} from '@aws-sdk/client-bedrock-runtime';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';

interface CallInput {
	modelId: string;
	messages: { role: 'user' | 'assistant'; content: string }[];
	inferenceConfig?: { maxTokens?: number };
}

const endpoint = process.env.EMULATOR_URL;
if (!endpoint) throw new Error('EMULATOR_URL is required');
const config = { endpoint, region: 'us-east-1', credentials: { ...EXAMPLE_KEY_PAIR } };
const runtime = new BedrockRuntimeClient(config);
const control = new BedrockClient(config);
let models: unknown[] | undefined;

const toMessages = (input: CallInput): Message[] =>
	input.messages.map((m) => ({ role: m.role, content: [{ text: m.content }] }));

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => (text += chunk));
		req.on('end', () => resolve(text));
		req.on('error', reject);
	});
}

function sendJson(res: ServerResponse, data: unknown): void {
	const body = JSON.stringify({ result: { data } });
	res.writeHead(200, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(body)
	});
	res.end(body);
}

async function converse(req: IncomingMessage, res: ServerResponse): Promise<void> {
	const input = JSON.parse(await readBody(req)) as CallInput;
	const answer = await runtime.send(
		new ConverseCommand({
			modelId: input.modelId,
			messages: toMessages(input),
			inferenceConfig: input.inferenceConfig
		})
	);
	sendJson(res, {
		text: answer.output?.message?.content?.[0]?.text ?? '',
		stopReason: answer.stopReason,
		usage: answer.usage
	});
}

async function converseStream(url: URL, res: ServerResponse): Promise<void> {
	const input = JSON.parse(url.searchParams.get('input') ?? '{}') as CallInput;
	const { stream } = await runtime.send(
		new ConverseStreamCommand({
			modelId: input.modelId,
			messages: toMessages(input),
			inferenceConfig: input.inferenceConfig
		})
	);
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	for await (const event of stream ?? []) {
		const text = event.contentBlockDelta?.delta?.text;
		if (text !== undefined) res.write(`data: ${JSON.stringify({ type: 'delta', text })}\n\n`);
	}
	res.end();
}

async function listModels(res: ServerResponse): Promise<void> {
	models ??= (await control.send(new ListFoundationModelsCommand({}))).modelSummaries ?? [];
	sendJson(res, { models, usingFallback: false, region: config.region });
}

const server = createServer((req, res) => {
	const url = new URL(req.url ?? '/', 'http://gateway');
	const route =
		url.pathname === '/api/trpc/invoke.converse'
			? converse(req, res)
			: url.pathname === '/api/trpc/invoke.converseStream'
				? converseStream(url, res)
				: url.pathname === '/api/trpc/models.list'
					? listModels(res)
					: url.pathname === '/livez'
						? Promise.resolve(void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'))
						: Promise.resolve(void res.writeHead(404).end());
	route.catch((error: unknown) => {
		if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
		res.end(error instanceof Error ? error.name : 'error');
	});
});

server.listen(0, '127.0.0.1', () => {
	const address = server.address();
	if (address && typeof address === 'object') console.log(`http://127.0.0.1:${address.port}`);
});
