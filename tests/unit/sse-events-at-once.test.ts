import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sseEventsAtOnce, uncorkNow } from '$lib/server/http/sse-events-at-once';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A source that hands out `pieces` one per read, as tRPC's SSE body does. */
function source(pieces: string[]) {
	let cancelled: unknown = 'not cancelled';
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			const next = pieces.shift();
			if (next === undefined) controller.close();
			else controller.enqueue(encoder.encode(next));
		},
		cancel(reason) {
			cancelled = reason;
		}
	});
	return { stream, cancelled: () => cancelled };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string[]> {
	const chunks: string[] = [];
	const reader = stream.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return chunks;
		chunks.push(decoder.decode(value));
	}
}

describe('sseEventsAtOnce', () => {
	it('gives one chunk per event, in order, with nothing lost', async () => {
		const { stream } = source([
			'event: connected\n',
			'data: {}\n',
			'\n\n',
			'data: {"type":"delta","text":"Hel"}\n',
			'\n\n',
			'data: {"type":"delta","text":"lo"}\n',
			'id: 7\n',
			'\n\n'
		]);
		const chunks = await readAll(sseEventsAtOnce(stream, () => {}));
		expect(chunks).toEqual([
			'event: connected\ndata: {}\n\n\n',
			'data: {"type":"delta","text":"Hel"}\n\n\n',
			'data: {"type":"delta","text":"lo"}\nid: 7\n\n\n'
		]);
	});

	it('flushes before it waits for each next event', async () => {
		const { stream } = source(['data: 1\n', '\n\n', 'data: 2\n', '\n\n']);
		let flushes = 0;
		const reader = sseEventsAtOnce(stream, () => flushes++).getReader();
		expect(flushes).toBe(0); // nothing asked yet: nothing read ahead
		await reader.read();
		expect(flushes).toBe(1);
		await reader.read();
		expect(flushes).toBe(2);
		expect((await reader.read()).done).toBe(true);
	});

	it('passes on an unfinished last event when the source ends', async () => {
		const { stream } = source(['data: 1\n', '\n\n', 'data: cut']);
		expect(await readAll(sseEventsAtOnce(stream, () => {}))).toEqual([
			'data: 1\n\n\n',
			'data: cut'
		]);
	});

	it('cancels the source when the server stops reading (the client went away)', async () => {
		const { stream, cancelled } = source(['data: 1\n', '\n\n', 'data: 2\n', '\n\n']);
		const reader = sseEventsAtOnce(stream, () => {}).getReader();
		await reader.read();
		await reader.cancel('client gone');
		expect(cancelled()).toBe('client gone');
	});
});

describe('uncorkNow', () => {
	function sink() {
		const written: string[] = [];
		const writable = new Writable({
			write(chunk: Buffer, _encoding, done) {
				written.push(chunk.toString());
				done();
			}
		});
		return { writable, written };
	}

	it('sends what a corked socket holds, at once', () => {
		const { writable, written } = sink();
		writable.cork();
		writable.write('data: 1\n\n');
		expect(written).toEqual([]);
		uncorkNow(writable);
		expect(written).toEqual(['data: 1\n\n']);
		expect(writable.writableCorked).toBe(0);
	});

	it('does nothing to a socket that is not corked, or to none', () => {
		let uncorks = 0;
		uncorkNow({ writableCorked: 0, uncork: () => uncorks++ });
		expect(uncorks).toBe(0);
		expect(() => uncorkNow(null)).not.toThrow();
	});
});
