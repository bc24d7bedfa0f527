/**
 * The Node response behind a SvelteKit request, under adapter-node (which passes the Node
 * request as `platform.req`). The response is its socket's current message (`_httpMessage`,
 * what Node's own server uses), checked to belong to this request. Its 'close' event is the one
 * reliable "this exchange is over" signal: for a stream it fires when either side ends it.
 * Elsewhere (vite dev, other adapters) there is none.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestEvent } from '@sveltejs/kit';

export function nodeResponseOf(event: RequestEvent): ServerResponse | undefined {
	const req = (event.platform as { req?: unknown } | undefined)?.req;
	if (!(req instanceof IncomingMessage)) return undefined;
	const res = (req.socket as { _httpMessage?: unknown } | null)?._httpMessage;
	if (!(res instanceof ServerResponse) || res.req !== req) return undefined;
	return res;
}
