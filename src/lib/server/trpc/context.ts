/**
 * tRPC context in two parts (the split tRPC recommends):
 * - inner: what procedures need (who is calling, and a way to query the database as
 *   them). Tests build it directly from verified claims, with no HTTP request.
 * - outer: how that is read from a SvelteKit request (`locals.safeGetSession()`, which the
 *   hooks set up for the cookie and the bearer token alike), and when the client has gone.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { AccessTokenClaims, AuthUser } from '$lib/server/auth/claims';
import { withUserRls, type UserDb } from '$lib/server/db/rls';
import { linkSignals } from '$lib/server/resilience/linked-signal';
import { nodeResponseOf } from '$lib/server/resilience/node-response';

export type InnerContextInput = {
	user: AuthUser | null;
	claims: AccessTokenClaims | null;
	isAdmin: boolean;
};

export type Context = InnerContextInput & {
	db: UserDb;
	/** Aborted when the client goes away (long AWS calls and streams should stop). */
	signal?: AbortSignal;
};

export function createInnerContext(input: InnerContextInput & { signal?: AbortSignal }): Context {
	const { claims } = input;
	const db: UserDb = (fn, options) => {
		if (!claims)
			throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to continue.' });
		return withUserRls(claims, fn, options);
	};
	return { user: input.user, claims, isAdmin: input.isAdmin, db, signal: input.signal };
}

/**
 * Aborts when the client hangs up before its answer is written, so a Converse the caller no
 * longer waits for stops (and stops billing). SvelteKit's `request.signal` only fires while the
 * request body is still being read; once a procedure runs, Node reports the hang-up only on the
 * response (`close` before `finish`). Without a Node response (vite dev, other adapters)
 * `request.signal` alone is used.
 */
function clientGoneSignal(event: RequestEvent): AbortSignal {
	const res = nodeResponseOf(event);
	if (!res) return event.request.signal;

	// Linked without AbortSignal.any, whose WeakRefs keep each request's objects alive
	// (linked-signal.ts); the exchange's end unlinks it.
	const link = linkSignals([event.request.signal]);
	const closed = () => {
		// Aborting unlinks too; an answer sent whole only needs the unlinking.
		if (res.writableFinished) link.dispose();
		else link.abort(new DOMException('The client closed the connection.', 'AbortError'));
	};
	if (res.req.socket.destroyed) closed();
	else res.once('close', closed);
	return link.signal;
}

export async function createContext(event: RequestEvent): Promise<Context> {
	const { user, claims } = await event.locals.safeGetSession();
	return createInnerContext({
		user,
		claims,
		isAdmin: user?.isAdmin ?? false,
		signal: clientGoneSignal(event)
	});
}
