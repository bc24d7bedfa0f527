/**
 * connection.testForUser (admins test a user's saved keys from the all-users page) and the
 * audit log's 'connection.tested' entries, for a user's own test and an admin's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditListOutput } from '../../../src/lib/schemas/audit';
import {
	connectionLastForAllOutput,
	connectionTestResultSchema
} from '../../../src/lib/schemas/connection';
import { api, finishApiSuite, newUser, saveKey, userWithSavedKey, type ApiUser } from './harness';

let admin: ApiUser;
let tested: { user: ApiUser; key: { accessKeyId: string } };
let keyless: ApiUser;

beforeAll(async () => {
	[admin, tested, keyless] = await Promise.all([
		newUser({ admin: true }),
		userWithSavedKey(),
		newUser()
	]);
});
afterAll(finishApiSuite);

const auditOf = async (userId: string) =>
	auditListOutput.parse(await api(admin).audit.list.query({ userId, action: 'connection.tested' }))
		.entries;

describe('connection.testForUser', () => {
	it("runs the test on the user's keys and stores it as their last result", async () => {
		const result = connectionTestResultSchema.parse(
			await api(admin).connection.testForUser.mutate({ userId: tested.user.id })
		);
		expect(result).toMatchObject({ ok: true, status: 'pass', includeInvocation: false });
		expect(result.accessKeyIdMasked).toBe(
			`${tested.key.accessKeyId.slice(0, 4)}…${tested.key.accessKeyId.slice(-4)}`
		);
		const all = connectionLastForAllOutput.parse(await api(admin).connection.lastForAll.query());
		expect(all.find((t) => t.userId === tested.user.id)).toMatchObject({
			status: 'pass',
			stale: false,
			testedAt: result.testedAt
		});
		// The user sees the admin's test as their own last result.
		expect(await api(tested.user).connection.last.query()).toMatchObject({ status: 'pass' });
	});

	it('records the test in the audit log with the admin as actor, never a secret', async () => {
		const [entry] = await auditOf(tested.user.id);
		expect(entry).toMatchObject({
			action: 'connection.tested',
			actor: { id: admin.id },
			target: { id: tested.user.id },
			details: { status: 'pass', region: 'us-east-1' }
		});
		expect(entry?.details.accessKeyIdMasked).toMatch(/^AKIA…/);
		expect(JSON.stringify(entry)).not.toContain(tested.key.accessKeyId);
	});

	it("records a user's own test with the user as actor, and a failing one as failed", async () => {
		const wrong = await newUser();
		await saveKey(wrong, {
			accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
			secretAccessKey: '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'
		});
		const result = await api(wrong).connection.test.mutate({ includeInvocation: false });
		expect(result.status).toBe('fail');
		const [entry] = await auditOf(wrong.id);
		expect(entry).toMatchObject({ actor: { id: wrong.id }, details: { status: 'fail' } });
	});

	it('reports a failed credentials check for a user without keys, storing nothing', async () => {
		const result = await api(admin).connection.testForUser.mutate({ userId: keyless.id });
		expect(result.status).toBe('fail');
		expect(result.checks[0]).toMatchObject({ id: 'credentials', status: 'fail' });
		expect(await auditOf(keyless.id)).toEqual([]);
	});

	it('refuses a user who is not an admin (FORBIDDEN)', async () => {
		await expect(
			api(keyless).connection.testForUser.mutate({ userId: tested.user.id })
		).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
	});
});
