/**
 * tRPC context in two parts (the split tRPC recommends):
 * - inner: what procedures need (who is calling, and a way to query the database as
 *   them). Tests build it directly from verified claims, with no HTTP request.
 * - outer: how that is read from a SvelteKit request (`locals.safeGetSession()`, which the
 *   hooks set up for the cookie and the bearer token alike).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { AccessTokenClaims, AuthUser } from '$lib/server/auth/claims';
import type { TransactionSql } from '$lib/server/db/client';
import { withUserRls } from '$lib/server/db/rls';

export type InnerContextInput = {
	user: AuthUser | null;
	claims: AccessTokenClaims | null;
	isAdmin: boolean;
};

/** Runs `fn` in one transaction as the calling user: RLS and column privileges apply. */
export type UserDb = <T>(fn: (tx: TransactionSql) => Promise<T>) => Promise<T>;

export type Context = InnerContextInput & {
	db: UserDb;
	/** Aborted when the client goes away (long AWS calls and streams should stop). */
	signal?: AbortSignal;
};

export function createInnerContext(input: InnerContextInput & { signal?: AbortSignal }): Context {
	const { claims } = input;
	const db: UserDb = (fn) => {
		if (!claims)
			throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to continue.' });
		return withUserRls(claims, fn);
	};
	return { user: input.user, claims, isAdmin: input.isAdmin, db, signal: input.signal };
}

export async function createContext(event: RequestEvent): Promise<Context> {
	const { user, claims } = await event.locals.safeGetSession();
	return createInnerContext({
		user,
		claims,
		isAdmin: user?.isAdmin ?? false,
		signal: event.request.signal
	});
}
