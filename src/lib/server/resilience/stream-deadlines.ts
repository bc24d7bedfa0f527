/**
 * Deadlines for one AWS runtime call: a hard cap on the whole call, and for streams a limit on
 * the silence between two events. Both abort the same controller, which the SDK turns into a
 * reset of the HTTP/2 stream (AWS stops generating and billing), and both say which one fired,
 * so a stream that already produced text can end with an `interrupted` event naming it.
 *
 * The caller's own signal (the client hung up) aborts the call too, but is not a deadline: the
 * caller checks `expired` to tell the two apart.
 */
import { linkSignals } from './linked-signal';

export type DeadlineKind = 'idle_timeout' | 'call_timeout';

export class DeadlineExpired extends Error {
	override name = 'TimeoutError';
	constructor(readonly kind: DeadlineKind) {
		super(
			kind === 'idle_timeout'
				? 'The model stream went silent for too long.'
				: 'The call to the model took longer than its limit.'
		);
	}
}

export interface CallDeadlines {
	/** Pass to the SDK's `send`: aborts on either deadline or the caller's signal. */
	signal: AbortSignal;
	/** Which deadline fired, if one did. */
	readonly expired: DeadlineKind | undefined;
	/** Restarts the silence timer (call on every event). */
	touch(): void;
	/** Clears the timers (always call when the call is over). */
	done(): void;
}

export function callDeadlines(options: {
	callMs: number;
	/** Silence allowed between stream events; omitted for calls that are not streams. */
	idleMs?: number;
	signal?: AbortSignal;
}): CallDeadlines {
	// Linked without AbortSignal.any, whose WeakRefs keep each call's objects alive (linked-signal.ts).
	const link = linkSignals([options.signal]);
	let expired: DeadlineKind | undefined;
	const expire = (kind: DeadlineKind) => {
		if (link.signal.aborted) return;
		expired = kind;
		link.abort(new DeadlineExpired(kind));
	};
	const callTimer = setTimeout(() => expire('call_timeout'), options.callMs);
	let idleTimer: ReturnType<typeof setTimeout> | undefined;
	const touch = () => {
		if (options.idleMs === undefined) return;
		clearTimeout(idleTimer);
		idleTimer = setTimeout(() => expire('idle_timeout'), options.idleMs);
	};
	return {
		signal: link.signal,
		get expired() {
			return expired;
		},
		touch,
		done: () => {
			clearTimeout(callTimer);
			clearTimeout(idleTimer);
			link.dispose();
		}
	};
}
