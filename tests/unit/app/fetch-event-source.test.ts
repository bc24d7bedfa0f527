import { describe, expect, it } from 'vitest';
import { FetchEventSource } from '$lib/trpc/fetch-event-source';

/** A fetch that answers with the given SSE chunks (split oddly on purpose). */
function sseFetch(chunks: string[], init: { status?: number; contentType?: string } = {}) {
	const seen: { url: string; headers: Headers }[] = [];
	const fetch = async (url: RequestInfo | URL, request?: RequestInit) => {
		seen.push({ url: String(url), headers: new Headers(request?.headers) });
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
				controller.close();
			}
		});
		return new Response(body, {
			status: init.status ?? 200,
			headers: { 'content-type': init.contentType ?? 'text/event-stream' }
		});
	};
	return { fetch: fetch as typeof globalThis.fetch, seen };
}

function collect(source: FetchEventSource, types: string[]) {
	const events: { type: string; data?: string; id?: string }[] = [];
	for (const type of types) {
		source.addEventListener(type, (event) => {
			const message = event as MessageEvent;
			events.push({ type, data: message.data, id: message.lastEventId || undefined });
		});
	}
	return events;
}

const closed = (source: FetchEventSource) =>
	new Promise<void>((resolve) => source.addEventListener('error', () => resolve()));

describe('FetchEventSource', () => {
	it('sends the given headers and parses default and named events', async () => {
		const { fetch, seen } = sseFetch([
			'event: connected\ndata: {"reconnectAfterInactivityMs":0}\n\n',
			': comment\nid: 1\ndata: {"text":"Hel',
			'lo"}\n\nevent: ping\ndata: \n\n',
			'data: line one\r\ndata: line two\r\n\r\n'
		]);
		const source = new FetchEventSource('http://app.test/api/trpc/x', {
			headers: { authorization: 'Bearer t' },
			fetch
		});
		const events = collect(source, ['open', 'connected', 'message']);
		await closed(source);
		expect(seen[0]?.headers.get('authorization')).toBe('Bearer t');
		expect(seen[0]?.headers.get('accept')).toBe('text/event-stream');
		expect(events).toEqual([
			{ type: 'open', data: undefined, id: undefined },
			{ type: 'connected', data: '{"reconnectAfterInactivityMs":0}', id: undefined },
			{ type: 'message', data: '{"text":"Hello"}', id: '1' },
			{ type: 'message', data: 'line one\nline two', id: '1' }
		]);
		expect(source.readyState).toBe(source.CLOSED);
	});

	it('fails without opening when the server does not answer with an event stream', async () => {
		const { fetch } = sseFetch(['{"error":"nope"}'], {
			status: 401,
			contentType: 'application/json'
		});
		const source = new FetchEventSource('http://app.test/x', { fetch });
		const events = collect(source, ['open', 'message']);
		await closed(source);
		expect(events).toEqual([]);
		expect(source.readyState).toBe(FetchEventSource.CLOSED);
	});
});
