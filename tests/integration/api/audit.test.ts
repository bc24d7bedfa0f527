/**
 * audit.list (admins read the log: newest first, filters, keyset pages, no secrets) and
 * connection.lastForAll (every user's last connection test, for the all-users table).
 *
 * Other files write audit entries in parallel, so every expectation filters by this file's
 * own users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditListOutput, type AuditEntry } from '../../../src/lib/schemas/audit';
import { connectionLastForAllOutput } from '../../../src/lib/schemas/connection';
import {
	api,
	closeDb,
	EXAMPLE_KEY,
	expectNoSecretsLeaked,
	newUser,
	raw,
	type ApiUser
} from './harness';

let admin: ApiUser;
let owner: ApiUser;
let managed: ApiUser;

beforeAll(async () => {
	[admin, owner, managed] = await Promise.all([newUser({ admin: true }), newUser(), newUser()]);
	// In this order: owner saves their own, then the admin saves, replaces and deletes for managed.
	await api(owner).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-west-2' });
	await api(admin).credentials.saveForUser.mutate({
		userId: managed.id,
		...EXAMPLE_KEY,
		region: 'eu-central-1'
	});
	await api(admin).credentials.saveForUser.mutate({
		userId: managed.id,
		...EXAMPLE_KEY,
		region: 'eu-west-1'
	});
	await api(admin).credentials.deleteForUser.mutate({ userId: managed.id });
});
afterAll(async () => {
	await expectNoSecretsLeaked();
	await closeDb();
});

const list = async (
	user: ApiUser,
	input: Parameters<ReturnType<typeof api>['audit']['list']['query']>[0]
) => auditListOutput.parse(await api(user).audit.list.query(input));

describe('audit.list', () => {
	it('shows an admin the entries about a user, newest first, with both emails and masked details', async () => {
		const { entries, nextCursor } = await list(admin, { userId: managed.id });
		expect(entries.map((e) => [e.action, e.details.region])).toEqual([
			['credentials.admin_deleted', 'eu-west-1'],
			['credentials.admin_saved', 'eu-west-1'],
			['credentials.admin_saved', 'eu-central-1']
		]);
		expect(nextCursor).toBeNull();
		const newest = entries[0]!;
		expect(newest.actor).toEqual({ id: admin.id, email: admin.email });
		expect(newest.target).toEqual({ id: managed.id, email: managed.email });
		expect(newest.details).toEqual({
			accessKeyIdMasked: 'AKIA…MPLE',
			region: 'eu-west-1',
			credentialType: 'access_key',
			hasSessionToken: false
		});
		const times = entries.map((e) => Date.parse(e.createdAt));
		expect([...times].sort((a, b) => b - a)).toEqual(times);
	});

	it('records a user acting on their own credentials as actor and target', async () => {
		const { entries } = await list(admin, { userId: owner.id });
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			action: 'credentials.saved',
			actor: { id: owner.id, email: owner.email },
			target: { id: owner.id, email: owner.email },
			details: { region: 'us-west-2' }
		});
	});

	it('filters by action, alone and together with the user', async () => {
		const saved = await list(admin, { action: 'credentials.admin_saved', limit: 100 });
		expect(saved.entries.length).toBeGreaterThanOrEqual(2);
		expect(new Set(saved.entries.map((e) => e.action))).toEqual(
			new Set(['credentials.admin_saved'])
		);

		const both = await list(admin, { userId: managed.id, action: 'credentials.admin_deleted' });
		expect(both.entries).toHaveLength(1);
		expect(both.entries[0]).toMatchObject({
			action: 'credentials.admin_deleted',
			target: { email: managed.email }
		});

		const none = await list(admin, { userId: owner.id, action: 'credentials.admin_deleted' });
		expect(none).toEqual({ entries: [], nextCursor: null });
	});

	it('pages with a cursor: no entry twice, none skipped, null cursor at the end', async () => {
		const seen: AuditEntry[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < 5; page++) {
			const result = await list(admin, { userId: managed.id, limit: 1, cursor });
			seen.push(...result.entries);
			if (!result.nextCursor) break;
			cursor = result.nextCursor;
		}
		expect(seen.map((e) => e.action)).toEqual([
			'credentials.admin_deleted',
			'credentials.admin_saved',
			'credentials.admin_saved'
		]);
		expect(new Set(seen.map((e) => e.id)).size).toBe(3);
	});

	it('never returns a secret or the full key id, only the public detail fields', async () => {
		const { entries } = await list(admin, { limit: 100 });
		const text = JSON.stringify(entries);
		expect(text).not.toContain(EXAMPLE_KEY.secretAccessKey);
		expect(text).not.toContain(EXAMPLE_KEY.accessKeyId);
		const allowed = [
			'accessKeyIdMasked',
			'region',
			'credentialType',
			'hasSessionToken',
			'keyId',
			'rotated',
			'failed',
			'before',
			'changed',
			'status',
			'checks',
			'includeInvocation',
			// Budget changes: amounts and limits, nothing else (checked below).
			'budget',
			'budgetBefore'
		];
		const allowedBudget = ['monthlyUsd', 'requestsPerMinute', 'allowUnpricedModels'];
		const allowedBefore = ['accessKeyIdMasked', 'region', 'credentialType', 'hasSessionToken'];
		// A connection test's checks: never the message or hint (AWS's can quote the key id).
		const allowedCheck = ['id', 'status', 'awsError'];
		for (const entry of entries) {
			expect(Object.keys(entry.details).filter((k) => !allowed.includes(k))).toEqual([]);
			const before = entry.details.before ?? {};
			expect(Object.keys(before).filter((k) => !allowedBefore.includes(k))).toEqual([]);
			for (const budget of [entry.details.budget ?? {}, entry.details.budgetBefore ?? {}])
				expect(Object.keys(budget).filter((k) => !allowedBudget.includes(k))).toEqual([]);
			for (const check of entry.details.checks ?? []) {
				expect(Object.keys(check).filter((k) => !allowedCheck.includes(k))).toEqual([]);
			}
		}
	});

	it('refuses a signed-in user who is not an admin (FORBIDDEN) and an anonymous caller', async () => {
		const asUser = await raw('query', 'audit.list', {}, owner.accessToken);
		expect(asUser.status).toBe(403);
		expect(asUser.body.error?.data.code).toBe('FORBIDDEN');
		expect(JSON.stringify(asUser.body)).not.toContain(managed.email);

		const anonymous = await raw('query', 'audit.list', {});
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error?.data.code).toBe('UNAUTHORIZED');
	});

	it.each([
		[{ action: 'credentials.stolen' }, 'action', 'action must be one of'],
		[{ userId: 'me' }, 'userId', 'userId must be a user id'],
		[{ limit: 0 }, 'limit', 'limit must be at least 1'],
		[{ limit: 101 }, 'limit', 'limit must be at most 100'],
		[{ cursor: '12; drop table' }, 'cursor', 'cursor must be the nextCursor']
	])('refuses bad input %j with a field error', async (input, field, message) => {
		const result = await raw('query', 'audit.list', input, admin.accessToken);
		expect(result.status).toBe(400);
		expect(result.body.error?.data.code).toBe('BAD_REQUEST');
		expect(result.body.error?.data.zodError?.fieldErrors[field]?.[0]).toContain(message);
	});
});

describe('connection.lastForAll', () => {
	it('gives an admin every tested user’s last result, stale once the credentials change', async () => {
		const tester = await newUser();
		await api(tester).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-1' });
		const tested = await api(tester).connection.test.mutate({ includeInvocation: false });
		expect(tested.status).toBe('pass');

		const find = async () =>
			connectionLastForAllOutput
				.parse(await api(admin).connection.lastForAll.query())
				.find((row) => row.userId === tester.id);
		expect(await find()).toMatchObject({ status: 'pass', region: 'us-east-1', stale: false });
		expect((await find())?.testedAt).toBe(tested.testedAt);

		await api(admin).credentials.saveForUser.mutate({
			userId: tester.id,
			...EXAMPLE_KEY,
			region: 'eu-central-1'
		});
		expect(await find()).toMatchObject({ status: 'pass', stale: true });
	});

	it('lists nobody who was never tested', async () => {
		const rows = await api(admin).connection.lastForAll.query();
		expect(rows.some((row) => row.userId === managed.id)).toBe(false);
	});

	it('refuses a user who is not an admin (FORBIDDEN)', async () => {
		const result = await raw('query', 'connection.lastForAll', undefined, owner.accessToken);
		expect(result.status).toBe(403);
		expect(result.body.error?.data.code).toBe('FORBIDDEN');
	});
});
