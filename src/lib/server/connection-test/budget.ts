/**
 * The connection test's two model invocations (InvokeModel, then the same body streamed) are
 * billed by AWS, so they are held against the tested user's budget like an invoke.* call:
 * reserved at their maximum cost before AWS is asked (or refused with PAYMENT_REQUIRED), and
 * settled once with what the ledger recorded for them.
 *
 * The per-minute slot is not taken here: connection.test's procedure already takes one for the
 * whole test (limits/procedures.ts).
 */
import { holdBudget, type BudgetHold, type CallEnd } from '../budgets/hold';
import { invokeModelMaxTokens, maxCostUsd } from '../budgets/estimate';
import type { InvocationEnd } from '../usage/connection-test';

const INVOCATIONS = 2;

export function connectionTestBudget(userId: string) {
	let hold: BudgetHold | undefined;
	const ends: InvocationEnd[] = [];
	return {
		/** Before the invocations: throws PAYMENT_REQUIRED when they cannot fit. */
		async reserve(modelId: string, body: Record<string, unknown>): Promise<void> {
			const each = maxCostUsd(modelId, invokeModelMaxTokens({ modelId, body }));
			hold = await holdBudget(userId, modelId, each === null ? null : each * INVOCATIONS, {
				perMinuteSlot: false
			});
		},
		ended(end: InvocationEnd): void {
			ends.push(end);
		},
		/** After the test, however it ended (idempotent: a hold settles once). */
		async settle(): Promise<void> {
			await hold?.settle(callEnd(ends));
		}
	};
}

/** Both invocations as one call's end (see budgets/hold.ts for what each kind charges). */
export function callEnd(ends: InvocationEnd[]): CallEnd {
	// Stopped between or during them (a bug, a dependency failure): AWS may have billed.
	if (ends.length < INVOCATIONS) return { kind: 'cut_short' };
	const answered = ends.filter((end) => end.answered);
	if (answered.length === 0) return { kind: 'failed' };
	if (answered.some((end) => end.costUsd === null)) return { kind: 'answered', costUsd: null };
	return {
		kind: 'answered',
		costUsd: answered.reduce((sum, end) => sum + (end.costUsd ?? 0), 0)
	};
}
