import { afterEach, describe, expect, it, vi } from 'vitest';
import { INTERNAL_CHECK_FAILURE, runConnectionTest } from '$lib/server/connection-test/checks';
import { AppError } from '$lib/server/errors';

afterEach(() => vi.restoreAllMocks());

describe('connection.test and internal errors', () => {
	it('reports a generic message for an internal error and logs only its name', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const internal = new Error('write CONNECT_TIMEOUT db.internal.example:5432');
		internal.name = 'PostgresError';
		const result = await runConnectionTest({
			includeInvocation: false,
			load: () => Promise.reject(internal)
		});
		const [first] = result.checks;
		expect(first).toMatchObject({
			id: 'credentials',
			status: 'fail',
			message: INTERNAL_CHECK_FAILURE
		});
		expect(JSON.stringify(result)).not.toContain('db.internal.example');
		const lines = logged.mock.calls.map((args) => args.join(' '));
		expect(lines).toEqual(['[connection.test] check credentials failed: PostgresError']);
	});

	it('keeps the message of an error written for the user (AppError)', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const result = await runConnectionTest({
			includeInvocation: false,
			load: () =>
				Promise.reject(
					new AppError(
						'PRECONDITION_FAILED',
						'The saved AWS credentials cannot be decrypted on this server.'
					)
				)
		});
		expect(result.checks[0]?.message).toBe(
			'The saved AWS credentials cannot be decrypted on this server.'
		);
	});
});
