/**
 * Who may call what: anonymous, a signed-in user and an admin against every procedure, and
 * no input that lets a user reach another user's row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	api,
	EXAMPLE_KEY,
	finishApiSuite,
	newUser,
	raw,
	rawStream,
	storedRow,
	type ApiUser
} from './harness';

let user: ApiUser;
let admin: ApiUser;
let victim: ApiUser;

beforeAll(async () => {
	[user, admin, victim] = await Promise.all([newUser(), newUser({ admin: true }), newUser()]);
	// Everyone who calls gets working keys, so "allowed" means the call really succeeds.
	await Promise.all(
		[user, admin, victim].map((u) =>
			api(u).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-1' })
		)
	);
});
afterAll(finishApiSuite);

type Who = 'signed-in' | 'admin';
const converse = {
	modelId: 'amazon.titan-text-lite-v1',
	messages: [{ role: 'user', content: 'Hi' }],
	inferenceConfig: { maxTokens: 5 }
};

// Inputs that target the victim are filled in at run time.
const PROCEDURES: {
	path: string;
	kind: 'query' | 'mutation' | 'subscription';
	who: Who;
	input: () => unknown;
}[] = [
	{ path: 'credentials.get', kind: 'query', who: 'signed-in', input: () => undefined },
	{
		path: 'credentials.save',
		kind: 'mutation',
		who: 'signed-in',
		input: () => ({ ...EXAMPLE_KEY, region: 'us-east-1' })
	},
	{
		path: 'credentials.setRegion',
		kind: 'mutation',
		who: 'signed-in',
		input: () => ({ region: 'us-east-1' })
	},
	{ path: 'credentials.delete', kind: 'mutation', who: 'signed-in', input: () => undefined },
	{ path: 'credentials.list', kind: 'query', who: 'admin', input: () => undefined },
	{
		path: 'credentials.saveForUser',
		kind: 'mutation',
		who: 'admin',
		input: () => ({ userId: victim.id, ...EXAMPLE_KEY, region: 'eu-west-1' })
	},
	{
		path: 'credentials.setRegionForUser',
		kind: 'mutation',
		who: 'admin',
		input: () => ({ userId: victim.id, region: 'eu-west-1' })
	},
	{
		path: 'credentials.deleteForUser',
		kind: 'mutation',
		who: 'admin',
		input: () => ({ userId: victim.id })
	},
	{ path: 'connection.test', kind: 'mutation', who: 'signed-in', input: () => ({}) },
	{
		path: 'connection.testForUser',
		kind: 'mutation',
		who: 'admin',
		input: () => ({ userId: victim.id })
	},
	{ path: 'connection.last', kind: 'query', who: 'signed-in', input: () => undefined },
	{ path: 'models.list', kind: 'query', who: 'signed-in', input: () => ({}) },
	{
		path: 'models.get',
		kind: 'query',
		who: 'signed-in',
		input: () => ({ modelId: 'amazon.titan-text-lite-v1' })
	},
	{ path: 'invoke.converse', kind: 'mutation', who: 'signed-in', input: () => converse },
	{ path: 'invoke.converseStream', kind: 'subscription', who: 'signed-in', input: () => converse },
	{
		path: 'invoke.invokeModel',
		kind: 'mutation',
		who: 'signed-in',
		input: () => ({ modelId: 'amazon.titan-text-lite-v1', body: { inputText: 'Hi' } })
	},
	{ path: 'provisioned.list', kind: 'query', who: 'admin', input: () => undefined },
	{ path: 'profiles.list', kind: 'query', who: 'signed-in', input: () => ({}) },
	{ path: 'budgets.get', kind: 'query', who: 'signed-in', input: () => undefined },
	{ path: 'budgets.list', kind: 'query', who: 'admin', input: () => undefined },
	{
		path: 'budgets.set',
		kind: 'mutation',
		who: 'admin',
		input: () => ({ userId: victim.id, monthlyUsd: null, requestsPerMinute: null })
	},
	{
		// The values every install starts with, so other files running meanwhile see no change.
		path: 'budgets.setDefault',
		kind: 'mutation',
		who: 'admin',
		input: () => ({ monthlyUsd: null, requestsPerMinute: null, allowUnpricedModels: false })
	}
];

async function call(
	p: (typeof PROCEDURES)[number],
	token?: string
): Promise<{ ok: boolean; code?: string }> {
	if (p.kind === 'subscription') {
		const result = await rawStream(p.path, p.input(), token);
		return result.error
			? { ok: false, code: result.error.data.code }
			: { ok: result.events.some((e) => e.event === 'message') };
	}
	const result = await raw(p.kind, p.path, p.input(), token);
	return result.body.error
		? { ok: false, code: result.body.error.data.code }
		: { ok: result.status === 200 };
}

describe('authorisation matrix', () => {
	it.each(PROCEDURES)('anonymous → UNAUTHORIZED on $path', async (p) => {
		expect(await call(p)).toEqual({ ok: false, code: 'UNAUTHORIZED' });
	});

	it.each(PROCEDURES)('a bad token → UNAUTHORIZED on $path', async (p) => {
		expect(await call(p, `${user.accessToken.slice(0, -4)}AAAA`)).toEqual({
			ok: false,
			code: 'UNAUTHORIZED'
		});
	});

	it.each(PROCEDURES)('signed-in user on $path ($who)', async (p) => {
		const result = await call(p, user.accessToken);
		if (p.who === 'admin') expect(result).toEqual({ ok: false, code: 'FORBIDDEN' });
		else expect(result).toEqual({ ok: true });
		// Restore the user's own keys if this call removed them.
		if (p.path === 'credentials.delete')
			await api(user).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-1' });
	});

	it.each(PROCEDURES)('admin on $path', async (p) => {
		expect(await call(p, admin.accessToken)).toEqual({ ok: true });
		if (p.path === 'credentials.delete')
			await api(admin).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-1' });
	});
});

describe("no input reaches another user's row", () => {
	beforeAll(async () => {
		await api(victim).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'sa-east-1' });
	});

	it('ignores a userId smuggled into credentials.save / get / delete', async () => {
		const before = await storedRow(victim.id);
		const saved = await raw(
			'mutation',
			'credentials.save',
			{ ...EXAMPLE_KEY, region: 'ca-central-1', userId: victim.id, user_id: victim.id },
			user.accessToken
		);
		expect(saved.status).toBe(200);
		expect((await storedRow(user.id))?.region).toBe('ca-central-1');
		const got = await raw('query', 'credentials.get', { userId: victim.id }, user.accessToken);
		expect((got.body.result?.data as { region: string }).region).toBe('ca-central-1');
		await raw('mutation', 'credentials.delete', { userId: victim.id }, user.accessToken);
		expect(await storedRow(victim.id)).toEqual(before);
	});

	it('refuses the admin procedures for a user, leaving the victim row as it was', async () => {
		const before = await storedRow(victim.id);
		const saved = await raw(
			'mutation',
			'credentials.saveForUser',
			{ userId: victim.id, ...EXAMPLE_KEY, region: 'us-west-1' },
			user.accessToken
		);
		const deleted = await raw(
			'mutation',
			'credentials.deleteForUser',
			{ userId: victim.id },
			user.accessToken
		);
		const listed = await raw('query', 'credentials.list', undefined, user.accessToken);
		for (const r of [saved, deleted, listed]) expect(r.body.error?.data.code).toBe('FORBIDDEN');
		expect(await storedRow(victim.id)).toEqual(before);
	});

	it("uses only the caller's own keys and region for models and connection tests", async () => {
		await api(user).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-west-2' });
		const models = await raw('query', 'models.list', { userId: victim.id }, user.accessToken);
		expect((models.body.result?.data as { region: string }).region).toBe('us-west-2');
		const tested = await raw(
			'mutation',
			'connection.test',
			{ userId: victim.id },
			user.accessToken
		);
		expect((tested.body.result?.data as { region: string }).region).toBe('us-west-2');
		const last = await raw('query', 'connection.last', { userId: victim.id }, user.accessToken);
		expect((last.body.result?.data as { region: string }).region).toBe('us-west-2');
		const victimsLast = await raw('query', 'connection.last', undefined, victim.accessToken);
		expect(victimsLast.body.result?.data).toBeNull();
	});
});
