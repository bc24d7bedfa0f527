/**
 * Is the server's memory flat? Its resident set after a first 10,000 requests and after a
 * second 10,000 (Linux /proc). A cache without a bound, or SDK clients that are never
 * destroyed, grow the second figure.
 */
import { readFileSync } from 'node:fs';
import { drive, type Target } from './throughput';

export interface MemoryPair {
	requests: number;
	afterFirstMb: number;
	afterSecondMb: number;
	errors: number;
}

export function residentMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
	if (!Number.isFinite(kb)) throw new Error(`no VmRSS for pid ${pid}`);
	return kb / 1024;
}

export async function memoryPair(
	pid: number,
	target: Target & { method?: 'GET' | 'POST'; body?: string },
	requests: number
): Promise<MemoryPair> {
	let errors = await drive(target, Math.min(1000, requests)); // warm-up
	errors += await drive(target, requests);
	const afterFirstMb = residentMb(pid);
	errors += await drive(target, requests);
	const afterSecondMb = residentMb(pid);
	return { requests, afterFirstMb, afterSecondMb, errors };
}
