// AWS event-stream framing (application/vnd.amazon.eventstream) for the two streaming runtime
// operations, encoded with the same codec the SDK decodes with. Real Bedrock pads payloads with a
// random-length "p" field (clients must ignore it); the emulator pads deterministically.
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const str = (value: string) => ({ type: 'string' as const, value });

function padding(seq: number): string {
	return PADDING.slice(0, 1 + ((seq * 7) % PADDING.length));
}

/** One event of a union stream: `:event-type` is the member name, the payload its JSON. */
export function encodeEvent(
	eventType: string,
	payload: Record<string, unknown>,
	seq: number
): Uint8Array {
	return codec.encode({
		headers: {
			':event-type': str(eventType),
			':content-type': str('application/json'),
			':message-type': str('event')
		},
		body: fromUtf8(JSON.stringify({ ...payload, p: padding(seq) }))
	});
}

/** InvokeModelWithResponseStream's `chunk` event: the model-native JSON, base64 in `bytes`. */
export function encodeChunk(nativeEvent: unknown, seq: number): Uint8Array {
	const bytes = Buffer.from(JSON.stringify(nativeEvent)).toString('base64');
	return encodeEvent('chunk', { bytes }, seq);
}

/** A modeled error after the 200 was sent; `:exception-type` is the camelCase union member. */
export function encodeException(
	exceptionType: string,
	payload: Record<string, unknown>
): Uint8Array {
	return codec.encode({
		headers: {
			':message-type': str('exception'),
			':exception-type': str(exceptionType),
			':content-type': str('application/json')
		},
		body: fromUtf8(JSON.stringify(payload))
	});
}

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';
