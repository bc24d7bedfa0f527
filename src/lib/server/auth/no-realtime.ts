/**
 * The server client never opens a Realtime socket, but supabase-js 2.109 builds its
 * Realtime client eagerly and, on Node < 22 (no global WebSocket), throws unless a
 * transport is given. This placeholder satisfies the constructor check and fails loudly
 * if anything ever tries to connect.
 */
import type { SupabaseClientOptions } from '@supabase/supabase-js';

type WebSocketTransport = NonNullable<
	NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']
>;

class RealtimeSocketRefused {
	constructor() {
		throw new Error(
			'Supabase Realtime is not used by the server; no WebSocket transport is configured.'
		);
	}
}

export const RealtimeNotUsedOnServer = RealtimeSocketRefused as unknown as WebSocketTransport;
