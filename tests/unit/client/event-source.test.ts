// The EventSource behind the client package's streams: `eventsource` v3, changed never to
// reconnect (a second connection would make tRPC run, and bill, the model stream again).
import { describe, expect, it } from 'vitest';
import { NonReconnectingEventSource } from '../../../packages/client/src/event-source';

/** A fetch that answers each request with an SSE body that ends (a dropped connection). */
function droppingFetch(chunks: string[]) {
	const requests: Headers[] = [];
	const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
		requests.push(new Headers(init?.headers));
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
				controller.close();
			}
		});
		return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
	};
	return { fetch, requests };
}

describe('NonReconnectingEventSource', () => {
	it('delivers events, then closes instead of reconnecting when the connection drops', async () => {
		// `retry: 10` asks a plain EventSource to reconnect after 10 ms.
		const { fetch, requests } = droppingFetch(['retry: 10\n', 'data: one\n\n', 'data: two\n\n']);
		const source = new NonReconnectingEventSource('http://127.0.0.1:1/stream', { fetch });
		const messages: string[] = [];
		source.addEventListener('message', (event) => messages.push(event.data));
		const stateAtError = await new Promise<number>((resolve) =>
			source.addEventListener('error', () => resolve(source.readyState))
		);
		await new Promise((done) => setTimeout(done, 100));

		expect(messages).toEqual(['one', 'two']);
		expect(stateAtError).toBe(source.CLOSED);
		expect(requests).toHaveLength(1);
		expect(requests[0]!.get('accept')).toBe('text/event-stream');
	});
});
