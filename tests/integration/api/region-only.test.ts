/**
 * Changing only the region (credentials.setRegion / setRegionForUser): no secret re-entered,
 * the key and its ciphertext untouched, stale connection results, and an audit entry that
 * records the region before and after (and, for a replaced key, the key ids, never a secret).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditListOutput } from '../../../src/lib/schemas/audit';
import { credentialsViewSchema } from '../../../src/lib/schemas/credentials';
import { api, EXAMPLE_KEY, finishApiSuite, newUser, storedRow, type ApiUser } from './harness';

let owner: ApiUser;
let admin: ApiUser;
let managed: ApiUser;
let nobody: ApiUser;

beforeAll(async () => {
	[owner, admin, managed, nobody] = await Promise.all([
		newUser(),
		newUser({ admin: true }),
		newUser(),
		newUser()
	]);
	await api(owner).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-1' });
	await api(managed).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'us-east-1' });
});
afterAll(finishApiSuite);

const auditOf = async (userId: string) =>
	auditListOutput.parse(await api(admin).audit.list.query({ userId })).entries;

describe('credentials.setRegion', () => {
	it('changes only the region: same key, same ciphertext, no secret sent', async () => {
		const before = await storedRow(owner.id);
		await api(owner).connection.test.mutate({ includeInvocation: false });
		const view = credentialsViewSchema.parse(
			await api(owner).credentials.setRegion.mutate({ region: 'eu-west-1' })
		);
		expect(view).toMatchObject({ region: 'eu-west-1', accessKeyIdMasked: 'AKIA…MPLE' });
		const after = await storedRow(owner.id);
		expect(after?.region).toBe('eu-west-1');
		expect(after?.secret_access_key_ciphertext).toBe(before?.secret_access_key_ciphertext);
		expect(after?.access_key_id).toBe(before?.access_key_id);
		// The keys still work, now in the new region.
		const models = await api(owner).models.list.query({});
		expect(models).toMatchObject({ usingFallback: false, region: 'eu-west-1' });
		// The test ran for the old region: it is stale now.
		expect(await api(owner).connection.last.query()).toMatchObject({ stale: true });
	});

	it('is audited with the region before and after, marked as a region-only change', async () => {
		const [newest] = await auditOf(owner.id);
		expect(newest).toMatchObject({
			action: 'credentials.saved',
			actor: { id: owner.id },
			details: {
				region: 'eu-west-1',
				before: { region: 'us-east-1', accessKeyIdMasked: 'AKIA…MPLE' },
				changed: ['region']
			}
		});
	});

	it('records the key ids (masked) and "secret" when a key is replaced', async () => {
		await api(owner).credentials.save.mutate({
			accessKeyId: 'AKIAREPLACEDKEY00002',
			secretAccessKey: EXAMPLE_KEY.secretAccessKey,
			region: 'eu-west-1'
		});
		const [newest] = await auditOf(owner.id);
		expect(newest?.details).toMatchObject({
			accessKeyIdMasked: 'AKIA…0002',
			before: { accessKeyIdMasked: 'AKIA…MPLE' },
			changed: ['access_key_id', 'secret']
		});
		expect(JSON.stringify(newest)).not.toContain(EXAMPLE_KEY.secretAccessKey);
	});

	it('refuses an unknown region with a field error, changing nothing', async () => {
		await expect(
			api(owner).credentials.setRegion.mutate({ region: 'mars-north-1' })
		).rejects.toMatchObject({
			data: { code: 'BAD_REQUEST', zodError: { fieldErrors: { region: [expect.any(String)] } } }
		});
		expect((await storedRow(owner.id))?.region).toBe('eu-west-1');
	});

	it('answers PRECONDITION_FAILED when no credentials are saved', async () => {
		await expect(
			api(nobody).credentials.setRegion.mutate({ region: 'eu-west-1' })
		).rejects.toMatchObject({ data: { code: 'PRECONDITION_FAILED' } });
		expect(await storedRow(nobody.id)).toBeNull();
	});
});

describe('credentials.setRegionForUser', () => {
	it("lets an admin change another user's region, audited as an admin action", async () => {
		await api(admin).credentials.setRegionForUser.mutate({
			userId: managed.id,
			region: 'ap-northeast-1'
		});
		expect((await storedRow(managed.id))?.region).toBe('ap-northeast-1');
		const [newest] = await auditOf(managed.id);
		expect(newest).toMatchObject({
			action: 'credentials.admin_saved',
			actor: { id: admin.id },
			target: { id: managed.id },
			details: { before: { region: 'us-east-1' }, region: 'ap-northeast-1', changed: ['region'] }
		});
	});

	it('refuses a user, leaving the row as it was', async () => {
		await expect(
			api(owner).credentials.setRegionForUser.mutate({ userId: managed.id, region: 'us-west-2' })
		).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
		expect((await storedRow(managed.id))?.region).toBe('ap-northeast-1');
	});
});
