/**
 * A tRPC JSON answer sent with its length, so it leaves in one write.
 *
 * tRPC hands SvelteKit a Response whose body is a stream of unknown length; adapter-node then
 * answers with chunked encoding: one write for the headers and the JSON, and one more, a turn of
 * the event loop later, for the terminating chunk. The client only has the whole answer with
 * that second packet, and on loopback each write costs as much as a small query. A plain query
 * or mutation answer is one JSON text already in memory, so it is read out and given back with
 * `content-length` (Node then sends headers and body together and nothing after).
 *
 * Streams stay streams: a subscription (text/event-stream) and a streamed batch (the client
 * asked for application/jsonl, which tRPC answers as application/json too) are passed through.
 */
export async function sizedJson(request: Request, response: Response): Promise<Response> {
	if (!response.body || asksForStream(request)) return response;
	if (!response.headers.get('content-type')?.startsWith('application/json')) return response;
	const body = await response.arrayBuffer();
	const headers = new Headers(response.headers);
	headers.set('content-length', String(body.byteLength));
	return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

function asksForStream(request: Request): boolean {
	const trpcAccept = request.headers.get('trpc-accept');
	if (trpcAccept) return trpcAccept === 'application/jsonl';
	return (request.headers.get('accept') ?? '')
		.split(',')
		.some((type) => type.trim() === 'application/jsonl');
}
