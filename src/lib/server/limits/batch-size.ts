/**
 * LIMIT_BATCH_SIZE: one `?batch=1` request runs its calls at once, so a batch of 40
 * `invoke.converse` calls is 40 AWS requests. A batch larger than the limit is refused whole,
 * with a 400, before any of its calls runs.
 *
 * Counted the way tRPC reads it: the procedure names after the endpoint, percent-decoded
 * (`%2C` is a comma to tRPC as well), comma-separated. The endpoint also passes tRPC's own
 * `maxBatchSize`, so the two can never disagree silently.
 */
export function batchCallCount(url: URL, endpoint: string): number {
	if (url.searchParams.get('batch') !== '1') return 1;
	const rawPath = url.pathname.slice(endpoint.length).replace(/^\/+/, '');
	let path: string;
	try {
		path = decodeURIComponent(rawPath);
	} catch {
		path = rawPath;
	}
	return path.split(',').length;
}

/** A tRPC-shaped 400 for an oversized batch, or `null` when the batch is within the limit. */
export function oversizedBatchResponse(url: URL, endpoint: string, limit: number): Response | null {
	const calls = batchCallCount(url, endpoint);
	if (calls <= limit) return null;
	const body = {
		error: {
			message: `A batch may hold at most ${limit} calls; this one has ${calls}. None of them ran: send them in smaller batches.`,
			code: -32600,
			data: { code: 'BAD_REQUEST', httpStatus: 400, limit, calls }
		}
	};
	return new Response(JSON.stringify(body), {
		status: 400,
		headers: { 'content-type': 'application/json' }
	});
}
