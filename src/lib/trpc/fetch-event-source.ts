/**
 * A minimal `EventSource` built on `fetch`, for tRPC subscriptions from Node.
 *
 * Why: Node 20 has no global `EventSource`, and the browser one cannot send an
 * `Authorization` header, which is how TypeScript programs authenticate. tRPC's
 * `httpSubscriptionLink` accepts any class with the EventSource interface; this one
 * takes `{ headers, fetch }` in its init dictionary.
 *
 * Deliberately simple: it does not reconnect. A dropped stream ends with an `error`
 * event in the CLOSED state, which tRPC reports to the subscriber (a streamed model
 * answer should not silently restart and be billed twice).
 */

export type FetchEventSourceInit = {
	headers?: Record<string, string>;
	fetch?: typeof globalThis.fetch;
	withCredentials?: boolean;
};

type Listener = (event: Event) => void;

export class FetchEventSource {
	static readonly CONNECTING = 0;
	static readonly OPEN = 1;
	static readonly CLOSED = 2;
	readonly CONNECTING = 0;
	readonly OPEN = 1;
	readonly CLOSED = 2;

	readonly url: string;
	readyState = 0;
	readonly withCredentials = false;

	#listeners = new Map<string, Set<Listener>>();
	#abort = new AbortController();

	constructor(url: string, init: FetchEventSourceInit = {}) {
		this.url = url;
		void this.#run(init);
	}

	addEventListener(type: string, listener: Listener): void {
		let set = this.#listeners.get(type);
		if (!set) this.#listeners.set(type, (set = new Set()));
		set.add(listener);
	}

	removeEventListener(type: string, listener: Listener): void {
		this.#listeners.get(type)?.delete(listener);
	}

	close(): void {
		this.readyState = this.CLOSED;
		this.#abort.abort();
	}

	#dispatch(type: string, event: Event): void {
		for (const listener of this.#listeners.get(type) ?? []) listener(event);
	}

	#fail(): void {
		if (this.readyState === this.CLOSED) return;
		this.readyState = this.CLOSED;
		this.#dispatch('error', new Event('error'));
	}

	async #run(init: FetchEventSourceInit): Promise<void> {
		const doFetch = init.fetch ?? globalThis.fetch;
		try {
			const response = await doFetch(this.url, {
				headers: { accept: 'text/event-stream', ...init.headers },
				signal: this.#abort.signal
			});
			const contentType = response.headers.get('content-type') ?? '';
			if (!response.ok || !response.body || !contentType.includes('text/event-stream')) {
				await response.body?.cancel();
				return this.#fail();
			}
			if (this.readyState === this.CLOSED) return;
			this.readyState = this.OPEN;
			this.#dispatch('open', new Event('open'));
			await this.#read(response.body);
			this.#fail();
		} catch {
			this.#fail();
		}
	}

	/** Parses the `text/event-stream` format: fields per line, events end at a blank line. */
	async #read(body: ReadableStream<Uint8Array>): Promise<void> {
		const decoder = new TextDecoder();
		let buffer = '';
		let type = '';
		let data: string[] = [];
		let lastEventId = '';
		for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
			if (this.readyState === this.CLOSED) return;
			buffer += decoder.decode(chunk, { stream: true });
			let newline: number;
			while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
				if (line === '') {
					if (data.length > 0) {
						const event = new MessageEvent(type || 'message', {
							data: data.join('\n'),
							lastEventId
						});
						this.#dispatch(type || 'message', event);
					}
					type = '';
					data = [];
					continue;
				}
				if (line.startsWith(':')) continue;
				const colon = line.indexOf(':');
				const field = colon === -1 ? line : line.slice(0, colon);
				const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
				if (field === 'event') type = value;
				else if (field === 'data') data.push(value);
				else if (field === 'id') lastEventId = value;
			}
		}
	}
}
