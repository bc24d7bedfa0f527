import { describe, expect, it } from 'vitest';
import { describeAwsError } from '../../../src/lib/server/aws/errors';
import {
	callDeadlines,
	DeadlineExpired
} from '../../../src/lib/server/resilience/stream-deadlines';

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('callDeadlines', () => {
	it('aborts after the call cap and says so', async () => {
		const deadlines = callDeadlines({ callMs: 50 });
		await wait(80);
		expect(deadlines.signal.aborted).toBe(true);
		expect(deadlines.expired).toBe('call_timeout');
		expect(deadlines.signal.reason).toBeInstanceOf(DeadlineExpired);
		deadlines.done();
	});

	it('aborts a stream that stays silent, but not one that keeps talking', async () => {
		const deadlines = callDeadlines({ callMs: 5_000, idleMs: 60 });
		deadlines.touch();
		for (let i = 0; i < 4; i++) {
			await wait(30);
			deadlines.touch();
		}
		expect(deadlines.signal.aborted).toBe(false);
		await wait(100);
		expect(deadlines.expired).toBe('idle_timeout');
		deadlines.done();
	});

	it('passes the caller’s abort through without calling it a deadline', () => {
		const caller = new AbortController();
		const deadlines = callDeadlines({ callMs: 5_000, idleMs: 5_000, signal: caller.signal });
		caller.abort();
		expect(deadlines.signal.aborted).toBe(true);
		expect(deadlines.expired).toBeUndefined();
		deadlines.done();
	});

	it('becomes a retryable TIMEOUT with a hint, naming AWS', () => {
		const failure = describeAwsError(new DeadlineExpired('idle_timeout'));
		expect(failure).toMatchObject({
			code: 'TIMEOUT',
			awsError: 'TimeoutError',
			retryable: true,
			dependency: 'aws'
		});
		expect(failure.hint).toMatch(/timed out/);
	});
});

describe('a connection AWS dropped', () => {
	it('is a retryable BAD_GATEWAY, not a timeout', () => {
		const dropped = Object.assign(
			new Error('Unexpected error: http2 request did not get a response'),
			{ name: 'TimeoutError' }
		);
		expect(describeAwsError(dropped)).toMatchObject({
			code: 'BAD_GATEWAY',
			retryable: true,
			hintId: 'connection_dropped'
		});
	});
});
