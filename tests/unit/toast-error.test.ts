// The UI's one error funnel (toastError): what a person reads when something fails. A tRPC
// error gives its server message and hint; network, permission and unexpected failures give a
// plain sentence; nothing shows a stack or a secret-shaped string.
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';
import { errorToast } from '../../src/lib/components/ui/toast/toast-error';
import {
	displayable,
	GENERIC_MESSAGE,
	NETWORK_MESSAGE,
	NOT_ALLOWED_MESSAGE
} from '../../src/lib/trpc/form-errors';

function trpcError(message: string, data: Record<string, unknown>) {
	return TRPCClientError.from({ error: { message, code: -32600, data } });
}

describe('errorToast', () => {
	it('titles the toast with what failed and describes it with the server message and hint', () => {
		const err = trpcError('AWS refused the saved keys.', {
			code: 'PRECONDITION_FAILED',
			httpStatus: 412,
			awsError: 'UnrecognizedClientException',
			hint: 'Check the access key id, or save new keys.'
		});
		const toast = errorToast(err, 'Could not run the connection test');
		expect(toast.message).toBe('Could not run the connection test');
		expect(toast.description).toBe(
			'AWS refused the saved keys. Check the access key id, or save new keys.'
		);
		expect(toast.failure.awsError).toBe('UnrecognizedClientException');
	});

	it('points at the fields when the server refused some of them', () => {
		const err = trpcError('Invalid input', {
			zodError: { formErrors: [], fieldErrors: { region: ['Unknown region'] } }
		});
		const toast = errorToast(err, 'Could not change the region');
		expect(toast.description).toBe('The server refused some fields; see the messages below.');
		expect(toast.failure.fieldErrors.region).toEqual(['Unknown region']);
	});

	it('says the server could not be reached for network failures', () => {
		expect(errorToast(new TypeError('Failed to fetch'), 'x').description).toBe(NETWORK_MESSAGE);
		// A tRPC error without a response body: the request never got an answer.
		const noAnswer = new TRPCClientError('fetch failed');
		expect(errorToast(noAnswer, 'x').description).toBe(NETWORK_MESSAGE);
	});

	it('says what to do when the browser refuses clipboard access', () => {
		const refused = new DOMException('Write permission denied.', 'NotAllowedError');
		expect(errorToast(refused, 'Could not copy').description).toBe(NOT_ALLOWED_MESSAGE);
	});

	it('never shows an unexpected error’s own message or stack', () => {
		const bug = new Error(
			`Cannot read properties of undefined (secret ${EXAMPLE_KEY_PAIR.secretAccessKey})`
		);
		const toast = errorToast(bug, 'Could not delete the credentials');
		expect(toast.description).toBe(GENERIC_MESSAGE);
		expect(JSON.stringify(toast)).not.toContain(EXAMPLE_KEY_PAIR.secretAccessKey);
	});

	it('drops a stack and hides secret-shaped strings even inside a server message', () => {
		const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
		const err = trpcError(
			`Refused for ${EXAMPLE_KEY_PAIR.secretAccessKey} with ${jwt}\n    at save (/app/server.js:1:2)\n    at run`,
			{ hint: `Token ${'A'.repeat(120)} expired.` }
		);
		const { description } = errorToast(err, 'Could not save the credentials');
		expect(description).toBe('Refused for [hidden] with [hidden] Token [hidden] expired.');
		expect(description).not.toMatch(/\bat save\b|server\.js/);
	});
});

describe('displayable', () => {
	it('keeps ordinary messages, model ids and masked key ids as they are', () => {
		const text =
			'Model anthropic.claude-3-haiku-20240307-v1:0 is not enabled for AKIA…MPLE in us-east-1.';
		expect(displayable(text)).toBe(text);
	});

	it('bounds a very long message', () => {
		const long = 'word '.repeat(200);
		expect(displayable(long).length).toBeLessThanOrEqual(400);
		expect(displayable(long).endsWith('…')).toBe(true);
	});
});
