/**
 * The hot path: a warm models.list costs no database transaction (the caller's own row is in
 * its few seconds' cache), no decryption and no AWS call; a change of the row made on this
 * instance is seen by the next call, one made elsewhere within the cache's lifetime. Run in-process through the real models
 * router, database and emulator, so the transactions can be counted at `ctx.db`.
 *
 * "No decryption" is proven by making the stored ciphertext undecryptable behind the app's
 * back (same updated_at, triggers off): a warm call that decrypted would fail.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ownBedrockAccess } from '../../../src/lib/server/access/resolve';
import { forgetUser } from '../../../src/lib/server/cache/forget-user';
import { OWN_CREDENTIALS_TTL_MS } from '../../../src/lib/server/cache/own-credentials';
import {
	changeCredentialsRegion,
	deleteCredentials
} from '../../../src/lib/server/credentials/store';
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
	return { caller: createCallerFactory(router({ models: modelsRouter }))(ctx), counted, ctx };
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
	it('makes no database transaction, no decryption and no AWS call', async () => {
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
		expect(counted.transactions).toBe(0);
		expect(await emulator().requests({ accessKeyId: key.accessKeyId, sinceSeq: seq })).toEqual([]);
	});
});

describe("the caller's own credentials row, cached a few seconds", () => {
	const regionSeen = async (ctx: Context) => (await ownBedrockAccess(ctx.db, user.id))?.region;

	it('sees a change made on this instance at the next call', async () => {
		const ctx = countingCaller().ctx;
		expect(await regionSeen(ctx)).toBe('us-east-1');
		await changeCredentialsRegion(ctx.db, user.id, 'us-west-2');
		try {
			expect(await regionSeen(ctx)).toBe('us-west-2');
		} finally {
			await changeCredentialsRegion(ctx.db, user.id, 'us-east-1');
		}
		expect(await regionSeen(ctx)).toBe('us-east-1');
	});

	it('sees a change made elsewhere once its lifetime has passed', async () => {
		const ctx = countingCaller().ctx;
		expect(await regionSeen(ctx)).toBe('us-east-1');
		// Another instance (here: another connection) changes the row: this one cannot know.
		await db()`update public.bedrock_credentials set region = 'eu-west-1' where user_id = ${user.id}`;
		try {
			expect(await regionSeen(ctx)).toBe('us-east-1');
			vi.useFakeTimers({ toFake: ['Date'] });
			vi.advanceTimersByTime(OWN_CREDENTIALS_TTL_MS);
			expect(await regionSeen(ctx)).toBe('eu-west-1');
		} finally {
			vi.useRealTimers();
			await db()`update public.bedrock_credentials set region = 'us-east-1' where user_id = ${user.id}`;
			forgetUser(user.id);
		}
	});

	it('is never used for a deleted row once this instance deleted it', async () => {
		const other = await userWithSavedKey();
		const claims = accessTokenClaimsSchema.parse(decodeJwt(other.user.accessToken));
		const ctx = createInnerContext({ user: userFromClaims(claims), claims, isAdmin: false });
		expect(await ownBedrockAccess(ctx.db, other.user.id)).not.toBeNull();
		await deleteCredentials(ctx.db, other.user.id);
		expect(await ownBedrockAccess(ctx.db, other.user.id)).toBeNull();
	});
});
