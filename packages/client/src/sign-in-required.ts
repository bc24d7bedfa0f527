/**
 * The one failure a program can only fix by signing in again: the server answered 401
 * (expired, revoked or foreign token) or the supabase client holds no session. A typed error,
 * so callers can `instanceof` it instead of reading HTTP statuses.
 */
import { TRPCClientError } from '@trpc/client';
import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from './app-router.js';

export const SIGN_IN_AGAIN_MESSAGE =
	'The session is missing or has expired: sign in again (for example with supabase.auth.signInWithPassword) and retry.';

export type SignInRequiredReason = 'no-session' | 'rejected';

export class SignInRequiredError extends TRPCClientError<AppRouter> {
	/** `no-session`: nothing was sent; `rejected`: the server refused the token (HTTP 401). */
	readonly reason: SignInRequiredReason;

	constructor(reason: SignInRequiredReason, refused?: TRPCClientError<AppRouter>) {
		super(SIGN_IN_AGAIN_MESSAGE, {
			cause: refused,
			// Keeps the server's answer (code UNAUTHORIZED, httpStatus 401) readable as `data`.
			result: refused?.shape ? { error: refused.shape } : undefined
		});
		// TRPCClientError's constructor resets the prototype to its own, which would make
		// `instanceof SignInRequiredError` false: put the subclass's back.
		Object.setPrototypeOf(this, new.target.prototype);
		this.name = 'SignInRequiredError';
		this.reason = reason;
	}
}

function isUnauthorized(err: TRPCClientError<AppRouter>): boolean {
	const data = err.data as { code?: string; httpStatus?: number } | undefined;
	return data?.code === 'UNAUTHORIZED' || data?.httpStatus === 401;
}

/** A link that turns every 401 answer, for queries, mutations and streams, into the typed error. */
export const signInRequiredLink: TRPCLink<AppRouter> =
	() =>
	({ op, next }) =>
		observable((observer) =>
			next(op).subscribe({
				next: (value) => observer.next(value),
				error: (err) =>
					observer.error(
						!(err instanceof SignInRequiredError) && isUnauthorized(err)
							? new SignInRequiredError('rejected', err)
							: err
					),
				complete: () => observer.complete()
			})
		);
