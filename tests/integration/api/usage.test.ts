/**
 * The usage ledger over HTTP: every kind of AWS call leaves one row with the right tokens,
 * timings, status and cost (the library's price, or null when unknown); rows are readable only
 * by their owner (and admins), through the API and through SQL as `authenticated`.
 */
import { calcPrice } from '@pydantic/genai-prices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRICE_DATA_VERSION } from '../../../src/lib/server/usage/pricing';
import {
	api,
	type ApiUser,
	db,
	emulator,
	finishApiSuite,
	type KeyPair,
	newUser,
	userWithSavedKey
} from './harness';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const TITAN = 'amazon.titan-text-express-v1';
const SONNET_4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0'; // caches prompts
const TITAN_LITE = 'amazon.titan-text-lite-v1';
const CLAUDE_V2 = 'anthropic.claude-v2'; // no price in the bundled data

let user: ApiUser;
let key: KeyPair;

beforeAll(async () => {
	({ user, key } = await userWithSavedKey({
		modelAccess: [HAIKU, TITAN, CLAUDE_V2, TITAN_LITE, 'anthropic.claude-sonnet-4-20250514-v1:0']
	}));
});
afterAll(finishApiSuite);

interface LedgerRow {
	id: string;
	model_id: string;
	base_model_id: string | null;
	inference_profile_id: string | null;
	region: string;
	operation: string;
	status: string;
	aws_error: string | null;
	input_tokens: number | null;
	output_tokens: number | null;
	cache_read_tokens: number | null;
	cache_write_tokens: number | null;
	aws_latency_ms: number | null;
	duration_ms: number;
	first_token_ms: number | null;
	cost_usd: string | null;
	price_version: string | null;
	aws_request_id: string | null;
}

/** The ledger is written off the request path: wait (bounded) for `count` new rows. */
async function rowsAfter(userId: string, afterId: string, count = 1): Promise<LedgerRow[]> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const rows = await db()<LedgerRow[]>`
			select id::text as id, model_id, base_model_id, inference_profile_id, region, operation,
			       status, aws_error, input_tokens, output_tokens, cache_read_tokens,
			       cache_write_tokens, aws_latency_ms, duration_ms, first_token_ms,
			       cost_usd::text as cost_usd, price_version, aws_request_id
			from public.bedrock_usage where user_id = ${userId} and id > ${afterId}::bigint
			order by id`;
		if (rows.length >= count || Date.now() > deadline) return rows;
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function lastId(): Promise<string> {
	const [row] = await db()<
		{ id: string }[]
	>`select coalesce(max(id), 0)::text as id from public.bedrock_usage`;
	return row!.id;
}

const hello = (modelId: string) => ({
	modelId,
	messages: [{ role: 'user' as const, content: 'Say hello' }]
});

const libraryCost = (modelId: string, input: number, output: number) =>
	calcPrice({ input_tokens: input, output_tokens: output }, modelId, { providerId: 'aws' })!
		.total_price;

describe('the ledger records every call', () => {
	it('a Converse: tokens, timings, request id and the library’s price, returned and stored', async () => {
		const before = await lastId();
		const out = await api(user).invoke.converse.mutate(hello(HAIKU));
		const [row, extra] = await rowsAfter(user.id, before);
		expect(extra).toBeUndefined();
		expect(row).toMatchObject({
			model_id: HAIKU,
			base_model_id: HAIKU,
			inference_profile_id: null,
			region: 'us-east-1',
			operation: 'converse',
			status: 'ok',
			aws_error: null,
			input_tokens: out.usage.inputTokens,
			output_tokens: out.usage.outputTokens,
			cache_read_tokens: 0,
			cache_write_tokens: 0,
			price_version: PRICE_DATA_VERSION
		});
		expect(row!.aws_request_id).toMatch(/\S{8,}/);
		expect(row!.aws_latency_ms).not.toBeNull();
		const expected = libraryCost(HAIKU, out.usage.inputTokens, out.usage.outputTokens);
		expect(expected).toBeGreaterThan(0);
		expect(Number(row!.cost_usd)).toBeCloseTo(expected, 8);
		expect(out.recorded).toMatchObject({
			inputTokens: out.usage.inputTokens,
			outputTokens: out.usage.outputTokens,
			cacheReadTokens: 0,
			cacheWriteTokens: 0,
			priceVersion: PRICE_DATA_VERSION
		});
		expect(out.recorded.costUsd).toBeCloseTo(expected, 8);
	});

	it('an unpriced model: cost null (unknown), never 0', async () => {
		const before = await lastId();
		const out = await api(user).invoke.converse.mutate(hello(CLAUDE_V2));
		const [row] = await rowsAfter(user.id, before);
		expect(row).toMatchObject({ model_id: CLAUDE_V2, status: 'ok', cost_usd: null });
		expect(row!.input_tokens).toBe(out.usage.inputTokens);
		expect(out.recorded.costUsd).toBeNull();
	});

	it('a full stream: tokens from the metadata event and the time to first token', async () => {
		const before = await lastId();
		const events: { type: string; recorded?: { costUsd: number | null } }[] = [];
		await new Promise<void>((resolve, reject) => {
			api(user).invoke.converseStream.subscribe(hello(TITAN), {
				onData: (e) => events.push(e),
				onError: reject,
				onComplete: resolve
			});
		});
		const metadata = events.at(-1) as {
			type: 'metadata';
			usage: { inputTokens: number; outputTokens: number };
			recorded: { costUsd: number | null; firstTokenMs: number | null };
		};
		expect(metadata.type).toBe('metadata');
		const [row] = await rowsAfter(user.id, before);
		expect(row).toMatchObject({
			operation: 'converse_stream',
			status: 'ok',
			input_tokens: metadata.usage.inputTokens,
			output_tokens: metadata.usage.outputTokens
		});
		expect(row!.first_token_ms).not.toBeNull();
		expect(row!.aws_request_id).not.toBeNull();
		expect(Number(row!.cost_usd)).toBeCloseTo(
			libraryCost(TITAN, metadata.usage.inputTokens, metadata.usage.outputTokens),
			8
		);
		expect(metadata.recorded.costUsd).toBeCloseTo(Number(row!.cost_usd), 8);
	});

	it('an abandoned stream: aborted, with unknown tokens and cost as null (not 0)', async () => {
		await emulator().addFault({
			kind: 'latency',
			latencyMs: 4000,
			count: 1,
			match: { accessKeyId: key.accessKeyId, operation: 'ConverseStream' }
		});
		const before = await lastId();
		const sub = api(user).invoke.converseStream.subscribe(hello(TITAN_LITE), {
			onData: () => {}
		});
		await new Promise((r) => setTimeout(r, 600));
		sub.unsubscribe();
		const [row] = await rowsAfter(user.id, before);
		expect(row).toMatchObject({
			operation: 'converse_stream',
			status: 'aborted',
			input_tokens: null,
			output_tokens: null,
			cost_usd: null
		});
		expect(row!.duration_ms).toBeGreaterThan(0);
	});

	it('a throttled call: error with the AWS error name, tokens unknown', async () => {
		await emulator().addFault({
			kind: 'throttling',
			count: 5,
			match: { accessKeyId: key.accessKeyId, operation: 'Converse', modelId: TITAN_LITE }
		});
		const before = await lastId();
		await expect(api(user).invoke.converse.mutate(hello(TITAN_LITE))).rejects.toMatchObject({
			data: { awsError: 'ThrottlingException' }
		});
		const [row] = await rowsAfter(user.id, before);
		expect(row).toMatchObject({
			operation: 'converse',
			status: 'error',
			aws_error: 'ThrottlingException',
			input_tokens: null,
			output_tokens: null,
			cost_usd: null
		});
		expect(row!.aws_request_id).not.toBeNull();
	});

	it('an InvokeModel: tokens from Bedrock’s token-count headers', async () => {
		const before = await lastId();
		const out = await api(user).invoke.invokeModel.mutate({
			modelId: TITAN,
			body: { inputText: 'Hello', textGenerationConfig: { maxTokenCount: 20 } }
		});
		const [row] = await rowsAfter(user.id, before);
		const body = out.body as { inputTextTokenCount: number; results: { tokenCount: number }[] };
		expect(row).toMatchObject({
			operation: 'invoke_model',
			status: 'ok',
			input_tokens: body.inputTextTokenCount,
			output_tokens: body.results[0]!.tokenCount,
			cache_read_tokens: 0,
			cache_write_tokens: 0
		});
		expect(row!.aws_latency_ms).not.toBeNull();
		expect(out.recorded.inputTokens).toBe(body.inputTextTokenCount);
		expect(Number(row!.cost_usd)).toBeCloseTo(
			libraryCost(TITAN, row!.input_tokens!, row!.output_tokens!),
			8
		);
	});

	it('cache tokens: written, then read, counted apart and priced at their rates', async () => {
		const system = `${crypto.randomUUID()} ${'Answer from this handbook. '.repeat(250)}`;
		const ask = (q: string) =>
			api(user).invoke.converse.mutate({
				...hello(SONNET_4),
				system,
				systemCachePoint: '5m' as const,
				messages: [{ role: 'user' as const, content: q }]
			});
		const before = await lastId();
		const first = await ask('One?');
		const second = await ask('Two?');
		const [writeRow, readRow] = await rowsAfter(user.id, before, 2);
		expect(writeRow!.cache_write_tokens).toBeGreaterThanOrEqual(1024);
		expect(writeRow!.cache_read_tokens).toBe(0);
		expect(readRow!.cache_read_tokens).toBe(writeRow!.cache_write_tokens);
		expect(readRow!.input_tokens).toBe(second.usage.inputTokens);
		expect(first.recorded.cacheWriteTokens).toBe(writeRow!.cache_write_tokens);
		// The library takes the total input and the cache parts of it.
		const price = (u: typeof second.usage) =>
			calcPrice(
				{
					input_tokens:
						u.inputTokens + (u.cacheReadInputTokens ?? 0) + (u.cacheWriteInputTokens ?? 0),
					cache_read_tokens: u.cacheReadInputTokens ?? 0,
					cache_write_tokens: u.cacheWriteInputTokens ?? 0,
					output_tokens: u.outputTokens
				},
				SONNET_4,
				{ providerId: 'aws' }
			)!.total_price;
		expect(Number(writeRow!.cost_usd)).toBeCloseTo(price(first.usage), 8);
		expect(Number(readRow!.cost_usd)).toBeCloseTo(price(second.usage), 8);
		// Priced without the cache tokens it would be far cheaper: they were not dropped.
		expect(Number(writeRow!.cost_usd)).toBeGreaterThan(
			libraryCost(SONNET_4, first.usage.inputTokens, first.usage.outputTokens) * 5
		);
	});

	it('a profile id: base model and profile both kept, priced by the source Region', async () => {
		const before = await lastId();
		const out = await api(user).invoke.converse.mutate(hello(`us.${HAIKU}`));
		const [row] = await rowsAfter(user.id, before);
		expect(row).toMatchObject({
			model_id: `us.${HAIKU}`,
			base_model_id: HAIKU,
			inference_profile_id: `us.${HAIKU}`
		});
		expect(Number(row!.cost_usd)).toBeCloseTo(
			libraryCost(HAIKU, out.usage.inputTokens, out.usage.outputTokens),
			8
		);
	});

	it('each of the connection test’s invocations', async () => {
		const { user: tester } = await userWithSavedKey();
		const before = await lastId();
		const result = await api(tester).connection.test.mutate({ includeInvocation: true });
		expect(result.checks.filter((c) => c.id.startsWith('invoke')).map((c) => c.status)).toEqual([
			'pass',
			'pass'
		]);
		const rows = await rowsAfter(tester.id, before, 2);
		expect(rows).toHaveLength(2);
		for (const row of rows) {
			expect(row).toMatchObject({
				operation: 'connection_test',
				status: 'ok',
				model_id: result.invocationModelId
			});
			expect(row.input_tokens).toBeGreaterThan(0);
			expect(row.output_tokens).toBeGreaterThan(0);
			expect(row.aws_request_id).not.toBeNull();
		}
	});
});

describe('who can read the ledger', () => {
	it('usage.list: own rows only, newest first; others’ rows only for admins', async () => {
		const other = await newUser();
		const before = await lastId();
		await api(user).invoke.converse.mutate(hello(TITAN));
		await rowsAfter(user.id, before, 1);
		const mine = await api(user).usage.list.query({});
		expect(mine.rows.length).toBeGreaterThan(0);
		expect(mine.rows.every((r) => r.userId === user.id)).toBe(true);
		const times = mine.rows.map((r) => r.createdAt);
		expect([...times].sort().reverse()).toEqual(times);

		expect((await api(other).usage.list.query({})).rows).toEqual([]);
		await expect(api(other).usage.list.query({ userId: user.id })).rejects.toMatchObject({
			data: { code: 'FORBIDDEN' }
		});
		await expect(api(other).usage.list.query({ all: true })).rejects.toMatchObject({
			data: { code: 'FORBIDDEN' }
		});

		const admin = await newUser({ admin: true });
		const seen = await api(admin).usage.list.query({ userId: user.id });
		expect(seen.rows.map((r) => r.id)).toEqual(mine.rows.map((r) => r.id));
		const all = await api(admin).usage.list.query({ all: true, operation: 'converse' });
		expect(all.rows.some((r) => r.userId === user.id)).toBe(true);
		expect(all.rows.every((r) => r.operation === 'converse')).toBe(true);
	});

	it('filters by status and model, and pages by keyset', async () => {
		const errors = await api(user).usage.list.query({ status: 'error' });
		expect(errors.rows.length).toBeGreaterThan(0);
		expect(errors.rows.every((r) => r.status === 'error')).toBe(true);
		const byBase = await api(user).usage.list.query({ model: HAIKU });
		expect(byBase.rows.some((r) => r.modelId === `us.${HAIKU}`)).toBe(true);
		const future = await api(user).usage.list.query({
			from: new Date(Date.now() + 60_000).toISOString()
		});
		expect(future.rows).toEqual([]);
	});

	it('pages of 50 with a cursor that continues where the last page ended', async () => {
		const pager = await newUser();
		// Arranged by the owner through the server's writer function (the API roles cannot insert).
		const ledgerRow = (userId: string, i: number) => ({
			user_id: userId,
			model_id: TITAN,
			region: 'us-east-1',
			operation: 'converse',
			status: 'ok',
			duration_ms: i,
			created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 30)).toISOString()
		});
		// Pad the ledger so this user's ids gain a digit midway (…98, 99, 100, …): a sort that
		// compared ids as text would put 99 before 100 and lose a row between the pages.
		const [top] = await db()<{ max: number }[]>`
			select coalesce(max(id), 0)::int as max from public.bedrock_usage`;
		const max = top!.max;
		let boundary = 10;
		while (boundary <= max + 28) boundary *= 10;
		const padding = boundary - (max + 1) - 27;
		if (padding > 0) {
			const filler = await newUser();
			const fill = Array.from({ length: padding }, (_, i) => ledgerRow(filler.id, i));
			await db()`select private.record_bedrock_usage(${db().json(fill as never)})`;
		}
		const rows = Array.from({ length: 55 }, (_, i) => ledgerRow(pager.id, i));
		await db()`select private.record_bedrock_usage(${db().json(rows as never)})`;
		const first = await api(pager).usage.list.query({});
		expect(first.rows).toHaveLength(50);
		expect(first.nextCursor).not.toBeNull();
		const second = await api(pager).usage.list.query({ cursor: first.nextCursor! });
		// On a failure, say which row went missing and where the cursor pointed.
		const stored = await db()<{ id: string; created_at: Date }[]>`
			select id::text as id, created_at from public.bedrock_usage
			where user_id = ${pager.id}`;
		const paged = new Set([...first.rows, ...second.rows].map((r) => r.id));
		const lost = stored.filter((r) => !paged.has(r.id));
		expect(lost, `cursor ${first.nextCursor}; rows on no page: ${JSON.stringify(lost)}`).toEqual(
			[]
		);
		expect(second.rows).toHaveLength(5);
		expect(second.nextCursor).toBeNull();
		const ids = [...first.rows, ...second.rows].map((r) => r.id);
		expect(new Set(ids).size).toBe(55);
	});

	it('refuses bad filters with field errors', async () => {
		await expect(
			api(user).usage.list.query({ operation: 'nope' as never, from: 'yesterday' })
		).rejects.toMatchObject({
			data: {
				code: 'BAD_REQUEST',
				zodError: { fieldErrors: { operation: expect.any(Array), from: expect.any(Array) } }
			}
		});
	});

	it('SQL as `authenticated`: another user’s rows are invisible, and no one can write', async () => {
		const other = await newUser();
		await rowsAfter(user.id, '0', 1);
		const asOther = async <T>(fn: (tx: ReturnType<typeof db>) => Promise<T>) =>
			db().begin(async (tx) => {
				await tx`select set_config('role', 'authenticated', true),
				               set_config('request.jwt.claims', ${JSON.stringify({ sub: other.id, role: 'authenticated' })}, true)`;
				return fn(tx as never);
			});
		const visible = await asOther(
			(tx) => tx`select count(*)::int as n from public.bedrock_usage where user_id = ${user.id}`
		);
		expect(visible[0]!.n).toBe(0);
		await expect(
			asOther(
				(
					tx
				) => tx`insert into public.bedrock_usage (user_id, model_id, region, operation, status, duration_ms)
				           values (${other.id}, 'x', 'us-east-1', 'converse', 'ok', 1)`
			)
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			asOther((tx) => tx`update public.bedrock_usage set cost_usd = 0 where user_id = ${other.id}`)
		).rejects.toMatchObject({ code: '42501' });
		await expect(asOther((tx) => tx`delete from public.bedrock_usage`)).rejects.toMatchObject({
			code: '42501'
		});
		await expect(
			asOther((tx) => tx`select private.record_bedrock_usage('[]'::jsonb)`)
		).rejects.toMatchObject({ code: '42501' });
	});
});
