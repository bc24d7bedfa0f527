/**
 * Every connection test the server finishes is in the audit log ('connection.tested'): the
 * user's own test (also the one the pages run right after a save), an admin's test of a user's
 * keys, with the outcome of each check, in the same transaction as the stored result. Never a
 * message or a secret; the API roles still cannot write the entry themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditListOutput } from '../../../src/lib/schemas/audit';
import {
	api,
	db,
	expectNoSecretsLeaked,
	closeDb,
	newEmulatorKey,
	newUser,
	saveKey,
	useSecret,
	type ApiUser
} from './harness';

let admin: ApiUser;
let owner: ApiUser;
let keyless: ApiUser;

beforeAll(async () => {
	[admin, owner, keyless] = await Promise.all([newUser({ admin: true }), newUser(), newUser()]);
});
afterAll(async () => {
	await expectNoSecretsLeaked();
	await closeDb();
});

const testedEntries = async (userId: string) =>
	auditListOutput.parse(await api(admin).audit.list.query({ userId, action: 'connection.tested' }))
		.entries;

describe('connection tests in the audit log', () => {
	it("records the user's own test with each check's outcome, and the admin's test as the admin", async () => {
		// Only ListFoundationModels is refused: a partial result with one named AWS error.
		const key = await newEmulatorKey({
			allowedActions: ['sts:GetCallerIdentity', 'bedrock:GetFoundationModel']
		});
		await saveKey(owner, key, 'eu-west-1');
		const own = await api(owner).connection.test.mutate({ includeInvocation: false });
		expect(own.status).toBe('partial');
		await api(admin).connection.testForUser.mutate({ userId: owner.id });

		const [byAdmin, byOwner] = await testedEntries(owner.id);
		expect(byOwner).toMatchObject({
			action: 'connection.tested',
			actor: { id: owner.id, email: owner.email },
			target: { id: owner.id, email: owner.email },
			details: {
				status: 'partial',
				region: 'eu-west-1',
				accessKeyIdMasked: `${key.accessKeyId.slice(0, 4)}…${key.accessKeyId.slice(-4)}`,
				includeInvocation: false
			}
		});
		expect(byOwner!.details.checks).toEqual(
			own.checks.map((c) => ({
				id: c.id,
				status: c.status,
				...(c.awsError ? { awsError: c.awsError } : {})
			}))
		);
		expect(byOwner!.details.checks).toContainEqual({
			id: 'list_models',
			status: 'fail',
			awsError: 'AccessDeniedException'
		});
		expect(byAdmin).toMatchObject({
			actor: { id: admin.id, email: admin.email },
			target: { id: owner.id },
			details: { status: 'partial', includeInvocation: false }
		});
	});

	it('stores no message and no secret in the entry', async () => {
		const rows = await db()`
			select details from public.audit_log
			where action = 'connection.tested' and target_user_id = ${owner.id}`;
		expect(rows.length).toBeGreaterThanOrEqual(2);
		for (const { details } of rows) {
			const text = JSON.stringify(details);
			expect(text).not.toMatch(/"(message|hint|label)"/);
			expect(Object.keys(details).sort()).toEqual([
				'access_key_id',
				'checks',
				'include_invocation',
				'region',
				'status',
				'user_id'
			]);
		}
	});

	it('records a failed test of a wrong secret, and nothing for a user without keys', async () => {
		const key = await newEmulatorKey();
		const wrong = { accessKeyId: key.accessKeyId, secretAccessKey: useSecret('x'.repeat(40)) };
		const user = await newUser();
		await saveKey(user, wrong);
		const result = await api(user).connection.test.mutate({ includeInvocation: false });
		expect(result.status).toBe('fail');
		const [entry] = await testedEntries(user.id);
		expect(entry?.details).toMatchObject({ status: 'fail' });
		expect(entry?.details.checks?.find((c) => c.status === 'fail')?.awsError).toBeTruthy();

		await api(keyless).connection.test.mutate({ includeInvocation: false });
		expect(await testedEntries(keyless.id)).toEqual([]);
	});

	it('lets only admins filter the log by it, and refuses a direct write by an API role', async () => {
		await expect(
			api(owner).audit.list.query({ action: 'connection.tested' })
		).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
		await expect(
			db().begin(async (tx) => {
				await tx`select set_config('role', 'authenticated', true)`;
				await tx`insert into public.audit_log (actor_id, target_user_id, action)
					values (${owner.id}, ${owner.id}, 'connection.tested')`;
			})
		).rejects.toMatchObject({ code: '42501' });
	});
});
