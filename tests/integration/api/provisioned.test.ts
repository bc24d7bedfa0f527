/**
 * Provisioned throughput and application inference profiles over HTTP, against the emulator
 * through the real SDK: the life of a throughput (Creating → InService → invoked by its ARN →
 * updated → deleted), AWS's refusals (commitment, duplicate name, a model that cannot be
 * provisioned), who may call what, and how calls through either ARN land in the ledger.
 */
import { randomBytes } from 'node:crypto';
import { calcPrice } from '@pydantic/genai-prices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	api,
	type ApiUser,
	db,
	finishApiSuite,
	newEmulatorKey,
	newUser,
	raw,
	saveKey,
	userWithSavedKey
} from './harness';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_48K = `${HAIKU}:48k`;

let admin: ApiUser;
let user: ApiUser;

beforeAll(async () => {
	admin = await newUser({ admin: true });
	const [adminKey, mine] = await Promise.all([newEmulatorKey(), userWithSavedKey()]);
	await saveKey(admin, adminKey);
	user = mine.user;
});
afterAll(finishApiSuite);

/** The emulator keeps one store per account: names must not clash with other files' runs. */
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

async function untilStatus(arn: string, status: string) {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const pt = await api(admin).provisioned.get.query({ arn });
		if (pt.status === status || Date.now() > deadline) return pt;
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function lastLedgerId(): Promise<string> {
	const [row] = await db()<
		{ id: string }[]
	>`select coalesce(max(id), 0)::text as id from public.bedrock_usage`;
	return row!.id;
}

interface LedgerRow {
	model_id: string;
	base_model_id: string | null;
	inference_profile_id: string | null;
	input_tokens: number | null;
	output_tokens: number | null;
	cost_usd: string | null;
	status: string;
}

async function ledgerRowAfter(userId: string, afterId: string): Promise<LedgerRow | undefined> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const [row] = await db()<LedgerRow[]>`
			select model_id, base_model_id, inference_profile_id, input_tokens, output_tokens,
			       cost_usd::text as cost_usd, status
			from public.bedrock_usage where user_id = ${userId} and id > ${afterId}::bigint
			order by id limit 1`;
		if (row || Date.now() > deadline) return row;
		await new Promise((r) => setTimeout(r, 100));
	}
}

const hello = (modelId: string) => ({
	modelId,
	messages: [{ role: 'user' as const, content: 'Say hello' }],
	inferenceConfig: { maxTokens: 20 }
});

describe('provisioned throughput', () => {
	it('is created (Creating), becomes InService, answers Converse through its ARN, is renamed and deleted', async () => {
		const name = unique('pt-life');
		const token = unique('token');
		const created = await api(admin).provisioned.create.mutate({
			name,
			modelId: HAIKU_48K,
			modelUnits: 1,
			commitment: 'none',
			tags: [{ key: 'team', value: 'search' }],
			clientRequestToken: token
		});
		expect(created).toMatchObject({
			name,
			status: 'Creating',
			modelId: HAIKU_48K,
			modelUnits: 1,
			commitment: 'none',
			commitmentExpiresAt: null
		});
		expect(created.arn).toMatch(/:provisioned-model\/[a-z0-9]{12}$/);

		// A retried submit (same token) answers the same throughput; the list holds one.
		const retried = await api(admin).provisioned.create.mutate({
			name,
			modelId: HAIKU_48K,
			modelUnits: 1,
			commitment: 'none',
			clientRequestToken: token
		});
		expect(retried.arn).toBe(created.arn);
		const listed = await api(admin).provisioned.list.query();
		expect(listed.items.filter((i) => i.name === name)).toHaveLength(1);
		expect(listed.region).toBe('us-east-1');

		expect((await untilStatus(created.arn, 'InService')).status).toBe('InService');

		const before = await lastLedgerId();
		const answer = await api(admin).invoke.converse.mutate(hello(created.arn));
		expect(answer.text.length).toBeGreaterThan(0);
		// Billed by the hour: no per-token cost, and never 0.
		expect(answer.recorded.costUsd).toBeNull();
		const row = await ledgerRowAfter(admin.id, before);
		expect(row).toMatchObject({
			model_id: created.arn,
			base_model_id: HAIKU_48K,
			inference_profile_id: null,
			status: 'ok',
			cost_usd: null
		});
		expect(row!.output_tokens).toBeGreaterThan(0);

		const renamed = await api(admin).provisioned.update.mutate({
			arn: created.arn,
			name: `${name}-2`
		});
		expect(renamed.name).toBe(`${name}-2`);

		await expect(api(admin).provisioned.delete.mutate({ arn: created.arn })).resolves.toEqual({
			deleted: true,
			arn: created.arn
		});
		const gone = await raw('query', 'provisioned.get', { arn: created.arn }, admin.accessToken);
		expect(gone.body.error?.data).toMatchObject({
			code: 'NOT_FOUND',
			awsError: 'ResourceNotFoundException'
		});
	});

	it('refuses to delete during a commitment, naming the date it ends', async () => {
		const committed = await api(admin).provisioned.create.mutate({
			name: unique('pt-committed'),
			modelId: HAIKU_48K,
			modelUnits: 1,
			commitment: 'OneMonth'
		});
		expect(committed.commitment).toBe('OneMonth');
		const ends = committed.commitmentExpiresAt!;
		expect(Date.parse(ends)).toBeGreaterThan(Date.now() + 27 * 86_400_000);
		const refused = await raw(
			'mutation',
			'provisioned.delete',
			{ arn: committed.arn },
			admin.accessToken
		);
		expect(refused.body.error?.data.code).toBe('CONFLICT');
		expect(refused.body.error?.message).toContain(ends);
		expect(refused.body.error?.data.hint).toMatch(/billing hourly/);
		const still = await api(admin).provisioned.get.query({ arn: committed.arn });
		expect(still.arn).toBe(committed.arn);
	});

	it('refuses a duplicate name with AWS’s ConflictException', async () => {
		const name = unique('pt-dup');
		await api(admin).provisioned.create.mutate({
			name,
			modelId: HAIKU_48K,
			modelUnits: 1,
			commitment: 'none'
		});
		const dup = await raw(
			'mutation',
			'provisioned.create',
			{ name, modelId: HAIKU_48K, modelUnits: 1, commitment: 'none' },
			admin.accessToken
		);
		expect(dup.body.error?.data).toMatchObject({
			code: 'CONFLICT',
			awsError: 'ConflictException'
		});
		expect(dup.body.error?.data.hint).toMatch(/another name/);
	});

	it('refuses a model that cannot be provisioned, and names the variants that can', async () => {
		const bare = await raw(
			'mutation',
			'provisioned.create',
			{ name: unique('pt-bare'), modelId: HAIKU, modelUnits: 1, commitment: 'none' },
			admin.accessToken
		);
		expect(bare.body.error?.data.code).toBe('BAD_REQUEST');
		expect(bare.body.error?.message).toContain(`${HAIKU} cannot be provisioned in us-east-1`);
		expect(bare.body.error?.data.hint).toContain(HAIKU_48K);
		const llama = await raw(
			'mutation',
			'provisioned.create',
			{
				name: unique('pt-llama'),
				modelId: 'meta.llama3-8b-instruct-v1:0',
				modelUnits: 1,
				commitment: 'none'
			},
			admin.accessToken
		);
		expect(llama.body.error?.data.code).toBe('BAD_REQUEST');
		expect(llama.body.error?.data.hint).toMatch(/inference types include Provisioned/);
	});

	it('answers bad input with field errors', async () => {
		const bad = await raw(
			'mutation',
			'provisioned.create',
			{ name: 'no spaces allowed', modelId: HAIKU_48K, modelUnits: 0, commitment: 'TwoYears' },
			admin.accessToken
		);
		expect(bad.status).toBe(400);
		const fields = bad.body.error?.data.zodError?.fieldErrors ?? {};
		expect(Object.keys(fields).sort()).toEqual(['commitment', 'modelUnits', 'name']);
		const badArn = await raw('query', 'provisioned.get', { arn: 'nope' }, admin.accessToken);
		expect(badArn.body.error?.data.zodError?.fieldErrors.arn).toBeDefined();
	});

	it('refuses non-admins on every provisioned procedure and on profile changes', async () => {
		const arn = 'arn:aws:bedrock:us-east-1:210987654321:provisioned-model/abcdefabcdef';
		const calls: [kind: 'query' | 'mutation', path: string, input: unknown][] = [
			['query', 'provisioned.list', undefined],
			['query', 'provisioned.get', { arn }],
			[
				'mutation',
				'provisioned.create',
				{ name: unique('pt-user'), modelId: HAIKU_48K, modelUnits: 1, commitment: 'none' }
			],
			['mutation', 'provisioned.update', { arn, name: 'x' }],
			['mutation', 'provisioned.delete', { arn }],
			[
				'mutation',
				'profiles.create',
				{
					name: unique('p-user'),
					copyFrom: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`,
					tags: []
				}
			],
			[
				'mutation',
				'profiles.delete',
				{ arn: 'arn:aws:bedrock:us-east-1:210987654321:application-inference-profile/abcdefabcdef' }
			]
		];
		for (const [kind, path, input] of calls) {
			const result = await raw(kind, path, input, user.accessToken);
			expect(result.body.error?.data.code, path).toBe('FORBIDDEN');
		}
		const names = (await api(admin).provisioned.list.query()).items.map((i) => i.name);
		expect(names.some((n) => n.startsWith('pt-user'))).toBe(false);
	});
});

describe('application inference profiles', () => {
	it('are created with tags, listed for users, invoked, and priced at the base model’s rate', async () => {
		const name = unique('search-haiku');
		const created = await api(admin).profiles.create.mutate({
			name,
			description: 'Search team',
			copyFrom: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`,
			tags: [
				{ key: 'team', value: 'search' },
				{ key: 'cost-center', value: '42' }
			]
		});
		expect(created).toMatchObject({
			name,
			type: 'APPLICATION',
			status: 'ACTIVE',
			baseModelId: HAIKU,
			tags: [
				{ key: 'team', value: 'search' },
				{ key: 'cost-center', value: '42' }
			]
		});
		expect(created.arn).toMatch(/:application-inference-profile\/[a-z0-9]{12}$/);

		// A signed-in user of the same account sees it beside the system profiles of the model.
		const listed = await api(user).profiles.list.query({ modelId: HAIKU });
		const mine = listed.profiles.find((p) => p.arn === created.arn);
		expect(mine?.tags).toEqual(created.tags);
		expect(listed.profiles.some((p) => p.type === 'SYSTEM_DEFINED')).toBe(true);
		expect(listed.profiles.every((p) => p.baseModelId === HAIKU)).toBe(true);

		const before = await lastLedgerId();
		const answer = await api(user).invoke.converse.mutate(hello(created.arn));
		const row = await ledgerRowAfter(user.id, before);
		expect(row).toMatchObject({
			model_id: created.arn,
			base_model_id: HAIKU,
			inference_profile_id: created.arn,
			status: 'ok'
		});
		const expected = calcPrice(
			{ input_tokens: row!.input_tokens!, output_tokens: row!.output_tokens! },
			HAIKU,
			{ providerId: 'aws' }
		)!.total_price;
		expect(expected).toBeGreaterThan(0);
		expect(Number(row!.cost_usd)).toBeCloseTo(expected, 8);
		expect(answer.recorded.costUsd).toBeCloseTo(expected, 8);

		const duplicate = await raw(
			'mutation',
			'profiles.create',
			{ name, copyFrom: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`, tags: [] },
			admin.accessToken
		);
		expect(duplicate.body.error?.data).toMatchObject({
			code: 'CONFLICT',
			awsError: 'ConflictException'
		});

		await api(admin).profiles.delete.mutate({ arn: created.arn });
		const after = await api(user).profiles.list.query({ type: 'APPLICATION' });
		expect(after.profiles.some((p) => p.arn === created.arn)).toBe(false);
	});
});
