/**
 * usage.summary and usage.export over HTTP: figures that match the ledger's rows (made by real
 * calls through the API, priced, unpriced and failed), unknown costs counted apart and never
 * as 0, a CSV that reads back to the same rows, and who may see whose figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	api,
	db,
	emulator,
	finishApiSuite,
	newUser,
	raw,
	userWithSavedKey,
	type ApiUser
} from './harness';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const TITAN = 'amazon.titan-text-lite-v1';
const CLAUDE_V2 = 'anthropic.claude-v2'; // no price in the bundled data

let user: ApiUser;
let admin: ApiUser;

const hello = (modelId: string) => ({
	modelId,
	messages: [{ role: 'user' as const, content: 'Say hello' }],
	inferenceConfig: { maxTokens: 20 }
});

interface Row {
	model: string;
	operation: string;
	status: string;
	input_tokens: number | null;
	output_tokens: number | null;
	cost_usd: string | null;
	day: string;
}

let ledger: Row[] = [];

beforeAll(async () => {
	let key;
	({ user, key } = await userWithSavedKey());
	admin = await newUser({ admin: true });
	const you = api(user);
	await you.invoke.converse.mutate(hello(HAIKU));
	await you.invoke.converse.mutate(hello(HAIKU));
	await you.invoke.converse.mutate(hello(TITAN));
	await you.invoke.converse.mutate(hello(CLAUDE_V2)); // no budget: allowed, cost unknown
	// Throttled on every attempt (the SDK retries a throttled call), then the rule goes.
	await emulator().addFault({
		kind: 'throttling',
		match: { accessKeyId: key.accessKeyId, operation: 'Converse' }
	});
	await expect(you.invoke.converse.mutate(hello(HAIKU))).rejects.toThrow();
	await emulator().setFaults(
		(await emulator().faults()).filter((f) => f.match?.accessKeyId !== key.accessKeyId)
	);
	// The ledger is written off the request path: wait (bounded) for the five rows.
	const deadline = Date.now() + 20_000;
	do {
		ledger = await db()<Row[]>`
			select coalesce(base_model_id, model_id) as model, operation, status, input_tokens,
			       output_tokens, cost_usd::text as cost_usd,
			       to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day
			from public.bedrock_usage where user_id = ${user.id}`;
		if (ledger.length >= 5) break;
		await new Promise((r) => setTimeout(r, 100));
	} while (Date.now() < deadline);
	expect(ledger).toHaveLength(5);
}, 60_000);
afterAll(finishApiSuite);

const sum = (rows: Row[], pick: (r: Row) => number | null) =>
	rows.reduce((total, r) => total + (pick(r) ?? 0), 0);

describe('usage.summary', () => {
	it('matches the ledger rows per model, with unknown costs counted apart', async () => {
		const summary = await api(user).usage.summary.query({ groupBy: 'model' });
		const known = ledger.filter((r) => r.cost_usd !== null);
		expect(summary.totals).toMatchObject({
			calls: 5,
			errors: 1,
			aborted: 0,
			inputTokens: sum(ledger, (r) => r.input_tokens),
			outputTokens: sum(ledger, (r) => r.output_tokens),
			unknownCostCalls: ledger.length - known.length
		});
		expect(summary.totals.costUsd).toBeCloseTo(
			sum(known, (r) => Number(r.cost_usd)),
			8
		);
		expect(summary.totals.unknownCostCalls).toBeGreaterThanOrEqual(2); // claude-v2 and the error

		const models = [...new Set(ledger.map((r) => r.model))].sort();
		expect(summary.groups.map((g) => g.key)).toEqual(models);
		for (const group of summary.groups) {
			const rows = ledger.filter((r) => r.model === group.key);
			expect(group.calls).toBe(rows.length);
			expect(group.unknownCostCalls).toBe(rows.filter((r) => r.cost_usd === null).length);
			expect(group.costUsd).toBeCloseTo(
				sum(rows, (r) => (r.cost_usd === null ? 0 : Number(r.cost_usd))),
				8
			);
		}
		const v2 = summary.groups.find((g) => g.key === CLAUDE_V2);
		expect(v2).toMatchObject({ calls: 1, costUsd: 0, unknownCostCalls: 1 });
	});

	it('groups by day and operation, and filters by status', async () => {
		const byDay = await api(user).usage.summary.query({ groupBy: 'day' });
		expect(byDay.groups.map((g) => g.key)).toEqual([...new Set(ledger.map((r) => r.day))].sort());
		const byOperation = await api(user).usage.summary.query({ groupBy: 'operation' });
		expect(byOperation.groups).toEqual([expect.objectContaining({ key: 'converse', calls: 5 })]);
		const errors = await api(user).usage.summary.query({ groupBy: 'model', status: 'error' });
		expect(errors.totals).toMatchObject({ calls: 1, errors: 1 });
	});

	it("lets admins see anyone's figures and everyone's, and refuses users others'", async () => {
		const byUser = await api(admin).usage.summary.query({ groupBy: 'user', all: true });
		expect(byUser.groups.find((g) => g.key === user.id)).toMatchObject({ calls: 5 });
		const theirs = await api(admin).usage.summary.query({ groupBy: 'model', userId: user.id });
		expect(theirs.totals.calls).toBe(5);
		const stranger = await newUser();
		const refused = await raw(
			'query',
			'usage.summary',
			{ groupBy: 'model', all: true },
			stranger.accessToken
		);
		expect(refused.body.error?.data.code).toBe('FORBIDDEN');
		const own = await api(stranger).usage.summary.query({ groupBy: 'model' });
		expect(own).toMatchObject({
			totals: { calls: 0, costUsd: 0, unknownCostCalls: 0 },
			groups: []
		});
	});

	it('refuses a bad groupBy with a field error', async () => {
		const result = await raw('query', 'usage.summary', { groupBy: 'week' }, user.accessToken);
		expect(result.status).toBe(400);
		expect(result.body.error?.data.zodError?.fieldErrors.groupBy).toEqual([
			expect.stringMatching(/groupBy must be one of day, model, user, operation/)
		]);
	});
});

describe('usage.export', () => {
	/** Reads back the export's quoted cells (no cell of this ledger holds a quote or newline). */
	const parse = (csv: string) =>
		csv
			.trimEnd()
			.split('\r\n')
			.map((line) => line.slice(1, -1).split('","'));

	it('is the filtered ledger as CSV, unknown costs as empty cells', async () => {
		const out = await api(user).usage.export.query({});
		expect(out).toMatchObject({ rows: 5, truncated: false });
		expect(out.filename).toMatch(/^bedrock-usage-\d{4}-\d{2}-\d{2}\.csv$/);
		const [header, ...lines] = parse(out.csv);
		expect(header?.slice(0, 3)).toEqual(['time', 'user_id', 'model_id']);
		const costAt = header!.indexOf('cost_usd');
		const costs = lines.map((cells) => cells[costAt]).sort();
		expect(costs).toEqual(ledger.map((r) => r.cost_usd ?? '').sort());
		expect(costs.filter((c) => c === '')).toHaveLength(
			ledger.filter((r) => r.cost_usd === null).length
		);

		const errorsOnly = await api(user).usage.export.query({ status: 'error' });
		expect(errorsOnly.rows).toBe(1);
	});

	it('exports all users for admins only', async () => {
		const stranger = await newUser();
		const refused = await raw('query', 'usage.export', { all: true }, stranger.accessToken);
		expect(refused.body.error?.data.code).toBe('FORBIDDEN');
		const theirs = await api(admin).usage.export.query({ userId: user.id });
		expect(theirs.rows).toBe(5);
	});
});
