/**
 * How many connections the kernel turned away because a listening socket's accept queue was
 * full (TcpExt ListenOverflows in /proc/net/netstat). Node listens with a backlog of 511, and
 * when the app's event loop cannot accept as fast as 1,000 clients connect, the kernel drops
 * their handshakes: the client retries with a backoff that can outlast its timeout. The soak
 * row reports the count so a failed request says whether it ever reached the app.
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

/** What the kernel dropped between two readings, as the end of the soak row's text, or ''. */
export function overflowsBetween(before: number | undefined, after: number | undefined): string {
	if (before === undefined || after === undefined) return '';
	return `; the kernel dropped ${after - before} connection attempts at a full accept queue`;
}
