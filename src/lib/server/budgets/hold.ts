/**
 * The budget around one model call: `holdBudget` takes the call's per-minute slot and reserves
 * its maximum cost in Postgres before any AWS request (or refuses with TOO_MANY_REQUESTS or
 * PAYMENT_REQUIRED), and the returned hold settles it exactly once when the call ends, however it
 * ends:
 *
 * - answered: the ledger's cost is charged (an unknown cost of an answered call is charged at
 *   the reserved maximum: AWS billed something, and it is never counted as free);
 * - failed: AWS answered with an error before producing anything, which it does not bill: 0;
 * - cut short (client gone, stream broken, server restarting): tokens are unknown but AWS bills
 *   what it generated, so the reserved maximum is charged.
 *
 * A settlement that fails (database down) is logged and left to the reservation's expiry, which
 * releases it: a budget is never blocked for longer than a call may run. Holds still open at
 * SIGTERM are settled by the drain (as cut short).
 */
import { admitInvoke, reserveBudget, settleBudget, type ReserveRow } from '../db/budgets';
import { invokeLeases, LEASE_MAX_CALLS } from './invoke-leases';
import { limitsFromEnv } from '../limits/config';
import { invokeRateRefused } from '../limits/rate-refusal';
import { registerDrainTask } from '../resilience/drain';
import { resilienceConfig } from '../resilience/config';
import { paymentRequired, unpricedModelRefused } from './refusals';

export type CallEnd =
	{ kind: 'answered'; costUsd: number | null } | { kind: 'failed' } | { kind: 'cut_short' };

export interface BudgetHold {
	settle(end: CallEnd): Promise<void>;
}

const NOTHING_HELD: BudgetHold = { settle: async () => {} };

/** Holds not yet settled on this instance, for the SIGTERM drain. */
const open = new Set<() => Promise<void>>();

/** A reservation outlives any call: the hard cap on one call, plus a minute. */
function reservationTtlSeconds(): number {
	return Math.ceil(resilienceConfig().AWS_CALL_TIMEOUT_MS / 1000) + 60;
}

/**
 * Admits one model call: one of the user's per-minute calls (TOO_MANY_REQUESTS when none is
 * left) and its maximum cost held against the monthly budget, decided in one round trip, or in
 * none when this instance holds a lease of the user's calls (a user with no budget: see
 * invoke-leases.ts). `perMinuteSlot: false` for a caller whose procedure already took the slot
 * (connection.test).
 */
export async function holdBudget(
	userId: string,
	modelId: string,
	maxCostUsd: number | null,
	options: { perMinuteSlot?: boolean } = {}
): Promise<BudgetHold> {
	if (options.perMinuteSlot !== false && invokeLeases.take(userId)) return NOTHING_HELD;
	const reservation = {
		userId,
		estimateUsd: maxCostUsd,
		ttlSeconds: reservationTtlSeconds(),
		modelId
	};
	const row =
		options.perMinuteSlot === false
			? await reserveBudget(reservation)
			: await admitted({
					...reservation,
					serverLimit: limitsFromEnv().invokesPerMinute,
					leaseMax: LEASE_MAX_CALLS
				});
	if (row === LEASED) return NOTHING_HELD;
	switch (row.outcome) {
		case 'unlimited':
		case 'unpriced_allowed':
			return NOTHING_HELD;
		case 'unpriced_refused':
			throw unpricedModelRefused(modelId, row);
		case 'refused':
			throw paymentRequired(maxCostUsd ?? 0, row);
		case 'reserved':
			return reservedHold(userId, row, maxCostUsd ?? 0);
	}
}

const LEASED = Symbol('admitted by a lease');

/**
 * The reservation of a call the per-minute limit let through (else TOO_MANY_REQUESTS), keeping
 * the lease the admission brought. A refusal first looks again for a lease: another call's
 * admission may have brought one back while this one waited for its answer.
 */
async function admitted(
	args: Parameters<typeof admitInvoke>[0]
): Promise<ReserveRow | typeof LEASED> {
	const generation = invokeLeases.currentGeneration();
	const admission = await admitInvoke(args);
	if (!('budget' in admission)) {
		if (invokeLeases.take(args.userId)) return LEASED;
		throw invokeRateRefused(admission.slot);
	}
	invokeLeases.store(args.userId, admission.lease, generation);
	return admission.budget;
}

function reservedHold(userId: string, row: ReserveRow, reservedUsd: number): BudgetHold {
	const reservationId = row.reservation_id;
	if (!reservationId) throw new Error('reserve_budget reserved without a reservation id');
	let settled = false;
	const settle = async (actualUsd: number) => {
		if (settled) return;
		settled = true;
		open.delete(drain);
		try {
			await settleBudget({ reservationId, userId, month: row.month, actualUsd });
		} catch (error) {
			// The reservation expires on its own; the ledger still has the call's row.
			console.error(
				JSON.stringify({
					event: 'budget_settle_failed',
					reservationId,
					userId,
					actualUsd,
					error: error instanceof Error ? error.name : 'unknown'
				})
			);
		}
	};
	const drain = () => settle(reservedUsd);
	open.add(drain);
	return {
		settle(end) {
			if (end.kind === 'failed') return settle(0);
			if (end.kind === 'answered' && end.costUsd !== null) return settle(end.costUsd);
			return settle(reservedUsd);
		}
	};
}

/** Settles what is still open (SIGTERM, after streams were ended and recorded their end). */
export async function settleOpenHolds(): Promise<void> {
	await Promise.all([...open].map((drain) => drain()));
}

registerDrainTask('budget-reservations', settleOpenHolds);
