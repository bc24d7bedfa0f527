/**
 * connection.testForUser: admins test a user's saved keys from the all-users page; the result
 * is stored as that user's last test (written by the server, as for the user's own test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	connectionLastForAllOutput,
	connectionTestResultSchema
} from '../../../src/lib/schemas/connection';
import { api, finishApiSuite, newUser, userWithSavedKey, type ApiUser } from './harness';

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

	it('reports a failed credentials check for a user without keys, storing nothing', async () => {
		const result = await api(admin).connection.testForUser.mutate({ userId: keyless.id });
		expect(result.status).toBe('fail');
		expect(result.checks[0]).toMatchObject({ id: 'credentials', status: 'fail' });
		const all = connectionLastForAllOutput.parse(await api(admin).connection.lastForAll.query());
		expect(all.find((t) => t.userId === keyless.id)).toBeUndefined();
	});

	it('refuses a user who is not an admin (FORBIDDEN)', async () => {
		await expect(
			api(keyless).connection.testForUser.mutate({ userId: tested.user.id })
		).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
	});
});
