import type { StatusKind } from '$lib/components/ui/status';
import type { ConnectionLast } from '$lib/schemas/connection';
import type { CredentialsView } from '$lib/schemas/credentials';

/**
 * The overview's one-word health, never kinder than the evidence: a failed latest test is
 * red; so is AWS refusing the saved keys while listing the catalog, even before any test
 * ran (the health card must not say "not tested" next to an InvalidSignatureException).
 * A test of earlier keys says nothing about these ones.
 */
export function healthOf(
	credentials: CredentialsView | null,
	lastTest: ConnectionLast,
	catalogAwsError?: string
): Extract<StatusKind, 'connected' | 'failing' | 'untested' | 'not_configured'> {
	if (!credentials) return 'not_configured';
	if (lastTest && !lastTest.stale) return lastTest.status === 'pass' ? 'connected' : 'failing';
	return catalogAwsError ? 'failing' : 'untested';
}
