// Writes an event stream: one frame per event with the configured delay between them, stopping
// as soon as the client goes away, and, when a fault rule asks for it, breaking mid-way with a
// modelStreamErrorException frame, dropping the connection, or stalling for a while.
import type { OperationRequest } from '../context';
import { encodeException, EVENT_STREAM_CONTENT_TYPE } from '../event-stream';
import { modelStreamError } from '../errors';
import { elapsedMs, sleep } from './prepare';

export interface StreamTiming {
	firstByteLatency: number;
}

/**
 * `frameAt(i, timing)` encodes event i lazily so the last one can carry real latency figures.
 */
export async function writeEventStream(
	op: OperationRequest,
	extraHeaders: Record<string, string>,
	count: number,
	frameAt: (index: number, timing: StreamTiming) => Uint8Array
): Promise<void> {
	const { ex } = op;
	ex.startStream(200, { 'content-type': EVENT_STREAM_CONTENT_TYPE, ...extraHeaders });
	const timing: StreamTiming = { firstByteLatency: 0 };
	const delay = op.ctx.settings.streamChunkDelayMs;
	const breakAfter = op.faults.streamBreakAfter;
	for (let i = 0; i < count; i++) {
		if (!ex.open) return;
		if (breakAfter !== undefined && i >= breakAfter) {
			const err = modelStreamError(op.faults.streamBreakMessage);
			ex.streamErrorName = err.code;
			await ex.write(
				encodeException('modelStreamErrorException', { message: err.message, ...err.extra })
			);
			break;
		}
		if (op.faults.dropAfter !== undefined && i >= op.faults.dropAfter) {
			ex.streamErrorName = 'ConnectionReset';
			ex.req.socket?.destroy();
			return;
		}
		if (op.faults.stallAfter === i && op.faults.stallMs) await sleep(op.faults.stallMs);
		if (i > 0 && delay > 0) await sleep(delay);
		if (i === 0) timing.firstByteLatency = elapsedMs(op);
		await ex.write(frameAt(i, timing));
	}
	ex.end();
}
