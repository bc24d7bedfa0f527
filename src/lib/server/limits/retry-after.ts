/**
 * `Retry-After` on TOO_MANY_REQUESTS answers, from the refusal's `retryAfterSeconds`, so HTTP
 * clients and proxies that know the header wait the right time (the JSON carries it as well).
 */
import type { TRPCError } from '@trpc/server';
import { AppError } from '../errors';

export function retryAfterHeader(errors: readonly TRPCError[]): { headers?: Headers } {
	const seconds = errors
		.filter((error) => error.code === 'TOO_MANY_REQUESTS')
		.map((error) => (error.cause instanceof AppError ? error.cause.retryAfterSeconds : undefined))
		.filter((value): value is number => value !== undefined);
	if (seconds.length === 0) return {};
	return { headers: new Headers({ 'retry-after': String(Math.max(...seconds)) }) };
}
