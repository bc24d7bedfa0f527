// The client package's error contract, `{ code, message, fieldErrors, awsError, hint }`: what
// a program (and, through form-errors, a page) reads from any failed call.
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_KEY_PAIR } from '../../../devstack/bedrock-emulator/keys';
import {
	describeError,
	SIGN_IN_AGAIN_MESSAGE,
	SignInRequiredError
} from '../../../packages/client/src/index';
import { NETWORK_MESSAGE, GENERIC_MESSAGE } from '../../../packages/client/src/errors';

/** A TRPCClientError as tRPC builds it from the server's error body. */
function answered(message: string, data: Record<string, unknown>) {
	return TRPCClientError.from({ error: { message, code: -32600, data } });
}

describe('describeError', () => {
	it('gives the code and zod field errors of a refused input', () => {
		const err = answered('accessKeyId: Must start with AKIA or ASIA', {
			code: 'BAD_REQUEST',
			httpStatus: 400,
			zodError: { formErrors: [], fieldErrors: { accessKeyId: ['Must start with AKIA or ASIA'] } }
		});
		expect(describeError(err)).toEqual({
			code: 'BAD_REQUEST',
			message: 'The server refused some fields; see the messages below.',
			fieldErrors: { accessKeyId: ['Must start with AKIA or ASIA'] }
		});
	});

	it('gives the AWS error name and the hint of an AWS failure', () => {
		const err = answered('AWS refused the saved keys.', {
			code: 'PRECONDITION_FAILED',
			httpStatus: 412,
			zodError: null,
			awsError: 'UnrecognizedClientException',
			hint: 'Check the access key id, or save new keys.'
		});
		expect(describeError(err)).toEqual({
			code: 'PRECONDITION_FAILED',
			message: 'AWS refused the saved keys.',
			fieldErrors: {},
			awsError: 'UnrecognizedClientException',
			hint: 'Check the access key id, or save new keys.'
		});
	});

	it('says to sign in again for SignInRequiredError, whatever the server said', () => {
		const refused = answered('Please sign in to continue.', {
			code: 'UNAUTHORIZED',
			httpStatus: 401
		});
		const err = new SignInRequiredError('rejected', refused);
		expect(err).toBeInstanceOf(TRPCClientError);
		expect(err).toBeInstanceOf(SignInRequiredError);
		expect(err.data).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
		expect(describeError(err)).toEqual({
			code: 'UNAUTHORIZED',
			message: SIGN_IN_AGAIN_MESSAGE,
			fieldErrors: {}
		});
		expect(SIGN_IN_AGAIN_MESSAGE).toMatch(/sign in again/);
	});

	it('calls a failure without an answer from the API a network error', () => {
		expect(describeError(new TRPCClientError('fetch failed'))).toEqual({
			code: 'NETWORK_ERROR',
			message: NETWORK_MESSAGE,
			fieldErrors: {}
		});
		expect(describeError(new TypeError('Failed to fetch')).code).toBe('NETWORK_ERROR');
	});

	it('never passes on the message of an error that did not come from the server', () => {
		const bug = new Error(`undefined is not a function (${EXAMPLE_KEY_PAIR.secretAccessKey})`);
		expect(describeError(bug)).toEqual({
			code: 'CLIENT_ERROR',
			message: GENERIC_MESSAGE,
			fieldErrors: {}
		});
		expect(describeError('a string').code).toBe('CLIENT_ERROR');
	});

	it('drops stacks and secret-shaped strings from server messages and hints', () => {
		const err = answered(
			`Refused ${EXAMPLE_KEY_PAIR.secretAccessKey}\n    at save (/app/server.js:1:2)`,
			{ code: 'FORBIDDEN', httpStatus: 403, hint: `Token ${'A'.repeat(120)} expired.` }
		);
		const described = describeError(err);
		expect(described).toMatchObject({
			code: 'FORBIDDEN',
			message: 'Refused [hidden]',
			hint: 'Token [hidden] expired.'
		});
		expect(JSON.stringify(described)).not.toContain(EXAMPLE_KEY_PAIR.secretAccessKey);
	});
});
