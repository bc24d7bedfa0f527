/**
 * Key rotation (`npm run credentials:rotate`) against the real database: rows move to the new
 * key atomically, stay decryptable, are audited without secrets, and the app keeps working.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../../src/lib/server/secrets/crypto';
import { parseKeyring } from '../../../src/lib/server/secrets/keyring';
import { rotateCredentials } from '../../../src/lib/server/secrets/rotate';
import {
	api,
	db,
	finishApiSuite,
	newEmulatorKey,
	newUser,
	saveKey,
	storedRow,
	type ApiUser
} from './harness';

const run = promisify(execFile);
let a: ApiUser;
let b: ApiUser;
let keyA: Awaited<ReturnType<typeof newEmulatorKey>>;
let keyB: Awaited<ReturnType<typeof newEmulatorKey>>;
const original = () => process.env.CREDENTIALS_ENCRYPTION_KEY!;
const newKeyring = () => parseKeyring(`rot2:${randomBytes(32).toString('base64')},${original()}`);

beforeAll(async () => {
	[a, b] = await Promise.all([newUser(), newUser()]);
	[keyA, keyB] = await Promise.all([newEmulatorKey(), newEmulatorKey({ temporary: true })]);
	await saveKey(a, keyA);
	await saveKey(b, keyB);
});
afterAll(finishApiSuite);

describe('credentials rotation', () => {
	it('re-encrypts each row under the new key, keeps it decryptable and audits it', async () => {
		const keyring = newKeyring();
		const before = await storedRow(a.id);
		const report = await rotateCredentials(db(), keyring, { userIds: [a.id, b.id] });
		expect(report).toEqual({
			keyId: 'rot2',
			examined: 2,
			rotated: 2,
			alreadyCurrent: 0,
			failed: []
		});

		const rowA = await storedRow(a.id);
		const rowB = await storedRow(b.id);
		expect(rowA?.encryption_key_id).toBe('rot2');
		expect(rowA?.secret_access_key_ciphertext).not.toBe(before?.secret_access_key_ciphertext);
		expect(
			decryptSecret(keyring, a.id, 'secret_access_key', 'rot2', rowA!.secret_access_key_ciphertext)
		).toBe(keyA.secretAccessKey);
		expect(
			decryptSecret(keyring, b.id, 'session_token', 'rot2', rowB!.session_token_ciphertext)
		).toBe(keyB.sessionToken);

		const audit = await db()`select action, actor_id, target_user_id, details from public.audit_log
			where action = 'credentials.rotated' and (target_user_id = any(${[a.id, b.id]}::uuid[]) or (target_user_id is null and details->>'key_id' = 'rot2'))`;
		expect(audit.filter((e) => e.target_user_id !== null)).toHaveLength(2);
		expect(audit.every((e) => e.actor_id === null)).toBe(true);
		expect(audit.some((e) => e.target_user_id === null && e.details.rotated >= 2)).toBe(true);
		const text = JSON.stringify(audit);
		expect(text).not.toContain(keyA.secretAccessKey);
		expect(text).not.toContain(keyB.sessionToken!);

		// A second run has nothing to do.
		const again = await rotateCredentials(db(), keyring, { userIds: [a.id, b.id] });
		expect(again).toMatchObject({ rotated: 0, alreadyCurrent: 2 });
	});

	it('reports rows it cannot decrypt instead of damaging them', async () => {
		const keyring = newKeyring();
		await db()`update public.bedrock_credentials set encryption_key_id = 'lost-key' where user_id = ${a.id}`;
		const before = await storedRow(a.id);
		const report = await rotateCredentials(db(), keyring, { userIds: [a.id] });
		expect(report.rotated).toBe(0);
		expect(report.failed).toEqual([
			{ userId: a.id, reason: expect.stringMatching(/key "lost-key"/) }
		]);
		expect(await storedRow(a.id)).toEqual(before);
	});

	it('rotating back to the server key leaves credentials the app can use', async () => {
		await api(a).credentials.save.mutate({
			accessKeyId: keyA.accessKeyId,
			secretAccessKey: keyA.secretAccessKey,
			region: 'us-east-1'
		});
		const k2 = newKeyring();
		await rotateCredentials(db(), k2, { userIds: [a.id] });
		// The server's key first again: rows go back under it.
		const back = parseKeyring(`${original()},rot2:${k2.current.key.toString('base64')}`);
		expect((await rotateCredentials(db(), back, { userIds: [a.id] })).rotated).toBe(1);
		const tested = await api(a).connection.test.mutate({});
		expect(tested.status).toBe('pass');
	});

	it('the CLI refuses a malformed keyring with a clear message', async () => {
		const failure = await run('npx', ['tsx', 'scripts/rotate-credentials.ts', '--dry-run'], {
			env: { ...process.env, CREDENTIALS_ENCRYPTION_KEY: 'k1:tooshort' }
		}).catch((e: { code: number; stderr: string }) => e);
		expect('code' in failure && failure.code).toBe(2);
		expect('stderr' in failure && failure.stderr).toMatch(
			/Invalid CREDENTIALS_ENCRYPTION_KEY .*entry 1: key "k1" must be base64 of exactly 32 bytes/
		);
	});

	it('the CLI dry run prints counts only', async () => {
		const result = await run('npx', ['tsx', 'scripts/rotate-credentials.ts', '--dry-run'], {
			env: process.env
		}).catch((e: { stdout: string }) => e);
		expect(result.stdout).toMatch(
			/^\[dry run\] credentials:rotate → key "[^"]+": \d+ rows examined, \d+ re-encrypted, \d+ already current, \d+ failed/m
		);
		expect(result.stdout).not.toContain(keyA.secretAccessKey);
	}, 60_000);
});
