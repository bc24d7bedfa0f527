/**
 * Server-sent events leave the server as soon as each is complete: one write per event, on the
 * wire at once.
 *
 * Two things delay them otherwise:
 * - tRPC hands each event over in pieces (`event:` line, `data:` line, blank line), and the
 *   server writes each piece separately;
 * - Node corks the socket on every write and uncorks it on the next tick, which runs only when
 *   the queue of promise callbacks is empty. During a model stream that queue is long (the AWS
 *   SDK decoding the next events, tRPC fetching the next value before it sends this one), so an
 *   event could sit written but unsent while that work ran.
 * Measured ad hoc on the built app (both ways in one run, 3 runs of 200 streams): the time to
 * first token is unchanged at p50 and 0.3 to 0.75 ms shorter at p90; each event is one write
 * instead of three, and no read a client gets holds half an event.
 *
 * The returned stream gives the server one chunk per event; each time the server asks for the
 * next one (it has just written the previous), `flush` sends what it wrote before this stream
 * waits for more.
 */

/** A blank line ends an event: the last two bytes of a piece are both LF. */
function endsEvent(piece: Uint8Array): boolean {
	return piece.length >= 2 && piece[piece.length - 1] === 10 && piece[piece.length - 2] === 10;
}

function joined(pieces: Uint8Array[]): Uint8Array {
	if (pieces.length === 1) return pieces[0]!;
	const out = new Uint8Array(pieces.reduce((sum, p) => sum + p.length, 0));
	let at = 0;
	for (const p of pieces) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

export function sseEventsAtOnce(
	body: ReadableStream<Uint8Array>,
	flush: () => void
): ReadableStream<Uint8Array> {
	const reader = body.getReader();
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				flush();
				const pieces: Uint8Array[] = [];
				for (;;) {
					const { done, value } = await reader.read();
					if (done) {
						if (pieces.length > 0) controller.enqueue(joined(pieces));
						controller.close();
						return;
					}
					pieces.push(value);
					if (endsEvent(value)) {
						controller.enqueue(joined(pieces));
						return;
					}
				}
			},
			cancel: (reason) => reader.cancel(reason)
		},
		// Nothing read ahead: the next event is fetched when the server asks for it, as before.
		{ highWaterMark: 0 }
	);
}

/**
 * `flush` for a Node socket: sends what Node's write left corked for the next tick. Once the
 * cork is gone, Node's own uncork on the next tick finds nothing to do.
 */
export function uncorkNow(socket: { writableCorked: number; uncork(): void } | null): void {
	if (socket && socket.writableCorked > 0) socket.uncork();
}
