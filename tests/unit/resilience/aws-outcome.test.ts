import { describe, expect, it } from 'vitest';
import { awsOutcome } from '../../../src/lib/server/aws/circuit';
import { DeadlineExpired } from '../../../src/lib/server/resilience/stream-deadlines';

const sdkError = (name: string, status: number) =>
	Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const nodeError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
const aborted = (reason: unknown) => {
	const controller = new AbortController();
	controller.abort(reason);
	return controller.signal;
};

describe('awsOutcome: what a failed call says about AWS', () => {
	it('counts 5xx answers, timeouts and broken connections as faults', () => {
		expect(awsOutcome(sdkError('ServiceUnavailableException', 503))).toBe('fault');
		expect(awsOutcome(sdkError('InternalServerException', 500))).toBe('fault');
		expect(awsOutcome(nodeError('ECONNREFUSED'))).toBe('fault');
		expect(awsOutcome(nodeError('ECONNRESET'))).toBe('fault');
		expect(awsOutcome(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe('fault');
		// What a kept-alive HTTP/2 session reports when the connection drops mid-request.
		expect(awsOutcome(new Error('Unexpected error: http2 request did not get a response'))).toBe(
			'fault'
		);
	});

	it('treats any 4xx, throttling included, as AWS having answered', () => {
		expect(awsOutcome(sdkError('ThrottlingException', 429))).toBe('answered');
		expect(awsOutcome(sdkError('AccessDeniedException', 403))).toBe('answered');
		expect(awsOutcome(sdkError('ValidationException', 400))).toBe('answered');
		expect(awsOutcome(sdkError('ModelErrorException', 424))).toBe('answered');
	});

	it('tells a deadline (fault) from a caller who hung up (unknown)', () => {
		const abortError = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
		expect(awsOutcome(abortError, aborted(new DeadlineExpired('call_timeout')))).toBe('fault');
		expect(awsOutcome(abortError, aborted(new DOMException('gone', 'AbortError')))).toBe('unknown');
		// The SDK's AbortError with no caller signal fired: the total-time cap expired.
		expect(awsOutcome(abortError)).toBe('fault');
	});

	it('says nothing about errors that are not about AWS', () => {
		expect(awsOutcome(new Error('Credential is missing'))).toBe('unknown');
		expect(awsOutcome(undefined)).toBe('unknown');
	});
});
