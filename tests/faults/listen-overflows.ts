/**
 * How many connection attempts the kernel turned away because a listening socket's accept
 * queue was full (TcpExt ListenOverflows in /proc/net/netstat). Node listens with a backlog of
 * 511; when the app's event loop cannot accept as fast as 1,000 clients connect, the kernel
 * drops their handshakes and the clients retry with a backoff. The soak row reports the count,
 * so a failure shows whether the kernel turned connections away. It is not the only cause of a
 * failure: with a backlog of 4,096 nothing was dropped and a run still timed out (README).
 *
 * The counter is the whole machine's; the fault runs send traffic to loopback only, and the
 * soak is the only load while it runs. `undefined` where the file is missing (not Linux).
 */
import { existsSync, readFileSync } from 'node:fs';

const NETSTAT = '/proc/net/netstat';

export function listenOverflows(): number | undefined {
	return existsSync(NETSTAT) ? parseListenOverflows(readFileSync(NETSTAT, 'utf8')) : undefined;
}

/** ListenOverflows from the text of /proc/net/netstat: a line of names, then one of values. */
export function parseListenOverflows(netstat: string): number | undefined {
	const lines = netstat.split('\n');
	const header = lines.findIndex((line) => line.startsWith('TcpExt:'));
	const [names, values] = [lines[header], lines[header + 1]].map((line) =>
		line?.trim().split(/\s+/)
	);
	if (!names || values?.[0] !== 'TcpExt:') return undefined;
	const at = names.indexOf('ListenOverflows');
	const value = at < 0 ? NaN : Number(values[at]);
	return Number.isFinite(value) ? value : undefined;
}

/** The attempts dropped between two readings, or `undefined` when either is missing. */
export function overflowsBetween(
	before: number | undefined,
	after: number | undefined
): number | undefined {
	return before === undefined || after === undefined ? undefined : after - before;
}
