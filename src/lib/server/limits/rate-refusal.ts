/**
 * The TOO_MANY_REQUESTS refusal of the per-minute limit on model calls and connection tests,
 * the same words wherever it is decided (limits/procedures.ts, budgets/hold.ts).
 */
import type { InvokeSlot } from '../db/budgets';
import { AppError } from '../errors';

export function invokeRateRefused(slot: Extract<InvokeSlot, { allowed: false }>): AppError {
	const seconds = Math.max(1, Math.ceil(slot.retryAfterMs / 1000));
	return new AppError(
		'TOO_MANY_REQUESTS',
		`You have used all ${slot.limit} model calls and connection tests allowed per minute. Try again in ${seconds} s.`,
		{ retryAfterSeconds: seconds }
	);
}
