import type { ConnectionTestResult } from '$lib/schemas/connection';
import type { SaveOutcome } from '$lib/components/credentials/save-outcome';

/** The toast after saving keys, from the connection test that ran right after: never "saved" alone. */
export function saveOutcomeOf(
	result: ConnectionTestResult,
	saved = 'Credentials saved'
): SaveOutcome {
	if (result.status === 'pass')
		return { tone: 'success', message: `${saved}; the connection test passed` };
	const failed = result.checks.find((check) => check.status === 'fail');
	return {
		tone: 'error',
		message:
			result.status === 'fail'
				? `${saved}, but AWS does not accept the keys`
				: `${saved}, but some permissions are missing`,
		description: failed ? `${failed.label}: ${failed.message}` : undefined
	};
}
