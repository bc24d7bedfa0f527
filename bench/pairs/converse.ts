/**
 * invoke.converse vs a direct SDK Converse, one request at a time, interleaved (direct, API,
 * API, direct, ...) so that load from other processes hits both sides alike.
 *
 * Between them, the floor: an empty answer from this app (`GET /livez`, every hook, no API code)
 * on the same connection, i.e. what the HTTP hop into a SvelteKit server costs by itself. The
 * direct side has no such hop, so all of it counts against the target.
 *
 * With a `reference` (the thinnest gateway, bench/reference-gateway), the same call through it
 * joins the loop: what any Node gateway adds over the direct call on this machine.
 */
import { ConverseCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { AppHttp } from '../lib/app-http';
import { summarize, type Summary } from '../lib/stats';

export const BENCH_MODEL = 'amazon.titan-text-lite-v1';
export const BENCH_PROMPT = 'Say hello to the benchmark';

export interface ConversePair {
	direct: Summary;
	api: Summary;
	/** `GET /livez` through the app, timed in the same loop. */
	floor: Summary;
	/** The same call through the reference gateway, when one was given. */
	reference?: Summary;
}

export async function conversePair(
	sdk: BedrockRuntimeClient,
	app: AppHttp,
	n: number,
	reference?: AppHttp
): Promise<ConversePair> {
	const maxTokens = 32;
	const direct = () =>
		sdk.send(
			new ConverseCommand({
				modelId: BENCH_MODEL,
				messages: [{ role: 'user', content: [{ text: BENCH_PROMPT }] }],
				inferenceConfig: { maxTokens }
			})
		);
	const through = (gateway: AppHttp) => () =>
		gateway.call('mutation', 'invoke.converse', {
			modelId: BENCH_MODEL,
			messages: [{ role: 'user', content: BENCH_PROMPT }],
			inferenceConfig: { maxTokens }
		});
	const api = through(app);
	const viaReference = reference ? through(reference) : undefined;
	const timed = async (fn: () => Promise<unknown>, into: number[]) => {
		const started = performance.now();
		await fn();
		into.push(performance.now() - started);
	};
	const floor = () => app.get('/livez');
	for (let i = 0; i < Math.min(50, n); i++)
		await Promise.all([direct(), api(), floor(), viaReference?.()]); // warm-up
	const directMs: number[] = [];
	const apiMs: number[] = [];
	const floorMs: number[] = [];
	const referenceMs: number[] = [];
	for (let i = 0; i < n; i++) {
		if (i % 2 === 0) {
			await timed(direct, directMs);
			await timed(api, apiMs);
		} else {
			await timed(api, apiMs);
			await timed(direct, directMs);
		}
		await timed(floor, floorMs);
		if (viaReference) await timed(viaReference, referenceMs);
	}
	return {
		direct: summarize(directMs),
		api: summarize(apiMs),
		floor: summarize(floorMs),
		...(viaReference ? { reference: summarize(referenceMs) } : {})
	};
}
