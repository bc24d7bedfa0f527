/**
 * Failed sign-ins per client IP and per email, counted in Postgres (shared by every instance).
 *
 * Why in the app: the app server makes the sign-in calls, so Supabase Auth sees one client (this
 * server's IP) and its per-IP limit would lock everybody out after ~30 bad passwords from anyone.
 * Here each client address and each account gets its own budget of failures; once spent, the
 * next attempt is refused before Supabase Auth is asked, with the time until it frees up.
 * Only failures count (a successful sign-in costs nothing), so a team behind one NAT is not
 * limited by its own daily sign-ins. Emails are hashed: the counters never hold an address.
 */
import { createHash } from 'node:crypto';
import { rateLimitRetryAfterMs, takeRateLimitSlot } from '../db/rate-limits';

export const SIGN_IN_LIMITS = {
	failuresPerIp: 20,
	failuresPerEmail: 5,
	windowSeconds: 5 * 60
} as const;

type Bucket = { bucket: string; limit: number; scope: 'ip' | 'email' };

function bucketsFor(clientAddress: string, email: string): Bucket[] {
	const emailHash = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
	return [
		{ bucket: `sign-in-ip:${clientAddress}`, limit: SIGN_IN_LIMITS.failuresPerIp, scope: 'ip' },
		{ bucket: `sign-in-email:${emailHash}`, limit: SIGN_IN_LIMITS.failuresPerEmail, scope: 'email' }
	];
}

export type SignInBlock = { scope: 'ip' | 'email'; retryAfterSeconds: number };

/** A block when this address or this account has used up its failures, else `null`. */
export async function signInBlock(
	clientAddress: string,
	email: string
): Promise<SignInBlock | null> {
	for (const { bucket, limit, scope } of bucketsFor(clientAddress, email)) {
		const ms = await rateLimitRetryAfterMs(bucket, limit, SIGN_IN_LIMITS.windowSeconds);
		if (ms > 0) return { scope, retryAfterSeconds: Math.ceil(ms / 1000) };
	}
	return null;
}

export async function recordFailedSignIn(clientAddress: string, email: string): Promise<void> {
	for (const { bucket } of bucketsFor(clientAddress, email)) {
		// A very high limit: this only counts; signInBlock decides.
		await takeRateLimitSlot(bucket, 1_000_000, SIGN_IN_LIMITS.windowSeconds);
	}
}

export function signInBlockMessage(block: SignInBlock): string {
	const wait =
		block.retryAfterSeconds >= 90
			? `${Math.ceil(block.retryAfterSeconds / 60)} minutes`
			: `${block.retryAfterSeconds} seconds`;
	return block.scope === 'email'
		? `Too many failed sign-ins for this account. Try again in ${wait}.`
		: `Too many failed sign-ins from your network. Try again in ${wait}.`;
}
