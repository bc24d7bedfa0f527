/**
 * The thinnest gateway one could write in Node, for `npm run bench`'s reference rows: plain
 * node:http in a process of its own, the same AWS SDK, and nothing else (no sign-in, limits,
 * budgets, ledger, validation or framework). It answers the bench's three calls on the same
 * paths and in the same shapes as this app, so the bench drives both with the same client:
 *   POST /api/trpc/invoke.converse         → Converse, the answer's text and usage
 *   GET  /api/trpc/invoke.converseStream   → ConverseStream as server-sent `delta` events
 *   GET  /api/trpc/models.list             → the app's own models.list answer, kept in memory and
 *                                            serialized per request: the same JSON as the app's
 *   POST /api/trpc/reference.setList       → sets that answer (the bench copies the app's once)
 *   GET  /livez                            → an empty answer (the hop by itself)
 * What it adds over calling the emulator directly is what the HTTP hop through a Node server
 * costs on this machine, which no gateway written in Node can avoid.
 *
 * Started by spawn.ts (node --import tsx, env EMULATOR_URL); prints its URL on stdout.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
/** The list answer, set by the bench: the app's, so both serialize and send the same JSON. */
let list: unknown;

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
	if (list === undefined) throw new Error('reference.setList was not called');
	sendJson(res, list);
}

async function setList(req: IncomingMessage, res: ServerResponse): Promise<void> {
	list = JSON.parse(await readBody(req));
	sendJson(res, null);
}

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

const routes: Record<string, Route> = {
	'/api/trpc/invoke.converse': (req, res) => converse(req, res),
	'/api/trpc/invoke.converseStream': (_req, res, url) => converseStream(url, res),
	'/api/trpc/models.list': (_req, res) => listModels(res),
	'/api/trpc/reference.setList': (req, res) => setList(req, res),
	'/livez': async (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
};

const server = createServer((req, res) => {
	const url = new URL(req.url ?? '/', 'http://gateway');
	const route = routes[url.pathname];
	if (!route) return void res.writeHead(404).end();
	route(req, res, url).catch((error: unknown) => {
		if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
		res.end(error instanceof Error ? error.name : 'error');
	});
});

server.listen(0, '127.0.0.1', () => {
	const address = server.address();
	if (address && typeof address === 'object') console.log(`http://127.0.0.1:${address.port}`);
});
