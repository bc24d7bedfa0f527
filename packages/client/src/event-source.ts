/**
 * The EventSource behind streaming procedures: the `eventsource` package (v3, WHATWG
 * EventSource on top of `fetch`), because Node 20 has no EventSource and a browser's own
 * cannot send an `Authorization` header. Its `fetch` option is where the bearer header goes.
 *
 * One change to its behaviour: it never reconnects. After a dropped connection an
 * EventSource opens a new one, and tRPC would run the subscription again from the start:
 * for a model stream that is a second, billed generation the caller never asked for. So an
 * error closes the source first, and tRPC reports the error to the subscriber instead.
 */
import { EventSource } from 'eventsource';

export class NonReconnectingEventSource extends EventSource {
	constructor(url: string | URL, init?: ConstructorParameters<typeof EventSource>[1]) {
		super(url, init);
		// Registered before tRPC's own listener, so tRPC already sees the CLOSED state.
		this.addEventListener('error', () => this.close());
	}
}
