import { describe, expect, it } from 'vitest';
import { overflowsBetween, parseListenOverflows } from '../../faults/listen-overflows';

// The shape of /proc/net/netstat: for each protocol a line of names, then a line of values.
const NETSTAT = [
	'TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops',
	'TcpExt: 149 1383 14222 14230',
	'IpExt: InNoRoutes InTruncatedPkts',
	'IpExt: 0 0',
	''
].join('\n');

describe('the soak report of connections the kernel turned away', () => {
	it('reads ListenOverflows by its name, not its position', () => {
		expect(parseListenOverflows(NETSTAT)).toBe(14222);
	});

	it('says nothing it cannot read: no TcpExt lines, no such field, no value', () => {
		expect(parseListenOverflows('IpExt: InNoRoutes\nIpExt: 0\n')).toBeUndefined();
		expect(parseListenOverflows('TcpExt: SyncookiesSent\nTcpExt: 3\n')).toBeUndefined();
		expect(parseListenOverflows('TcpExt: ListenOverflows\nIpExt: 0\n')).toBeUndefined();
		expect(overflowsBetween(undefined, 5)).toBeUndefined();
	});

	it('reports the difference between two readings', () => {
		expect(overflowsBetween(100, 14322)).toBe(14222);
		expect(overflowsBetween(100, undefined)).toBeUndefined();
	});
});
