/**
 * The one error a dependency fault becomes: Postgres, the auth server or AWS did not answer in
 * time, refused the connection, or its circuit is open. It is an AppError, so the tRPC error
 * formatter puts `dependency` and `retryable` into `error.data` next to `code`, and a program can
 * decide what to do without parsing the message.
 */
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { AppError, type Dependency } from '../errors';

export type DependencyFault =
	/** The deadline for this call expired. */
	| 'timeout'
	/** The dependency refused, dropped or reset the connection, or said it is unavailable. */
	| 'unavailable'
	/** Recent calls failed; this one was refused at once to spare its deadline. */
	| 'circuit_open';

const NAMES: Record<Dependency, string> = {
	database: 'The database',
	auth: 'The sign-in service',
	aws: 'Amazon Bedrock'
};

const WHAT_HAPPENED: Record<DependencyFault, string> = {
	timeout: 'did not answer in time',
	unavailable: 'is not reachable right now',
	circuit_open: 'is not reachable right now'
};

export class DependencyError extends AppError {
	declare readonly dependency: Dependency;
	declare readonly retryable: boolean;

	constructor(
		dependency: Dependency,
		readonly fault: DependencyFault,
		options: { cause?: unknown; code?: TRPC_ERROR_CODE_KEY; retryAfterSeconds?: number } = {}
	) {
		const retryIn = options.retryAfterSeconds
			? ` Try again in about ${options.retryAfterSeconds} s.`
			: ' Please try again in a moment.';
		super(
			options.code ?? 'SERVICE_UNAVAILABLE',
			`${NAMES[dependency]} ${WHAT_HAPPENED[fault]}.${retryIn}`,
			{ cause: options.cause, dependency, retryable: true }
		);
		this.name = 'DependencyError';
	}
}
