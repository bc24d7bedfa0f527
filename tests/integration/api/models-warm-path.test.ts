/**
 * The hot path: a warm models.list costs one database transaction (the RLS read of the
 * non-secret columns), no decryption and no AWS call. Run in-process through the real models
 * router, database and emulator, so the transactions can be counted at `ctx.db`.
 *
 * "No decryption" is proven by making the stored ciphertext undecryptable behind the app's
 * back (same updated_at, triggers off): a warm call that decrypted would fail.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenClaimsSchema, userFromClaims } from '../../../src/lib/server/auth/claims';
import { loadDecryptedCredentials } from '../../../src/lib/server/secrets/decrypt';
import { closeSql } from '../../../src/lib/server/db/client';
import { createInnerContext, type Context } from '../../../src/lib/server/trpc/context';
import { createCallerFactory, router } from '../../../src/lib/server/trpc/init';
import { modelsRouter } from '../../../src/lib/server/trpc/routers/models';
import {
	type ApiUser,
	db,
	emulator,
	finishApiSuite,
	type KeyPair,
	userWithSavedKey
} from './harness';

let user: ApiUser;
let key: KeyPair;

beforeAll(async () => {
	({ user, key } = await userWithSavedKey());
});
afterAll(async () => {
	await finishApiSuite();
	await closeSql();
});

/** The models router as `user`, counting the transactions it opens through `ctx.db`. */
function countingCaller() {
	const claims = accessTokenClaimsSchema.parse(decodeJwt(user.accessToken));
	const inner = createInnerContext({ user: userFromClaims(claims), claims, isAdmin: false });
	const counted = { transactions: 0 };
	const ctx: Context = {
		...inner,
		db: (fn) => {
			counted.transactions++;
			return inner.db(fn);
		}
	};
	return { caller: createCallerFactory(router({ models: modelsRouter }))(ctx), counted };
}

/** Garbage ciphertext under the same updated_at: the row looks unchanged to every cache key. */
async function breakStoredSecret(userId: string) {
	await db().begin(async (tx) => {
		await tx`set local session_replication_role = replica`;
		await tx`
			update public.bedrock_credentials
			set secret_access_key_ciphertext = ${Buffer.alloc(64, 7).toString('base64')}
			where user_id = ${userId}
		`;
	});
}

describe('a warm models.list', () => {
	it('makes one database transaction, no decryption and no AWS call', async () => {
		const { caller, counted } = countingCaller();
		const cold = await caller.models.list({});
		expect(cold.usingFallback).toBe(false);

		await breakStoredSecret(user.id);
		await expect(loadDecryptedCredentials(user.id)).rejects.toMatchObject({
			code: 'PRECONDITION_FAILED'
		});

		const seq = await emulator().lastSeq();
		counted.transactions = 0;
		const warm = await caller.models.list({ search: 'claude' });
		expect(warm.usingFallback).toBe(false);
		expect(warm.models.length).toBeGreaterThan(0);
		expect(counted.transactions).toBeLessThanOrEqual(1);
		expect(await emulator().requests({ accessKeyId: key.accessKeyId, sinceSeq: seq })).toEqual([]);
	});
});
