import type { StatusKind } from '$lib/components/ui/status';
import type { ConnectionLast } from '$lib/schemas/connection';
import type { CredentialsView } from '$lib/schemas/credentials';

/** The overview's one-word health: a stale or missing test says "not tested", never "connected". */
export function healthOf(
	credentials: CredentialsView | null,
	lastTest: ConnectionLast
): Extract<StatusKind, 'connected' | 'failing' | 'untested' | 'not_configured'> {
	if (!credentials) return 'not_configured';
	if (!lastTest || lastTest.stale) return 'untested';
	return lastTest.status === 'pass' ? 'connected' : 'failing';
}
