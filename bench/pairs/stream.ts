/**
 * invoke.converseStream vs a direct SDK ConverseStream: the time from sending the request to
 * the first text delta, and the gaps between deltas (the emulator paces them; a gateway that
 * buffers or works per chunk widens them). Interleaved like the Converse pair; with a
 * `reference` gateway, its streams join the loop too.
 */
import { ConverseStreamCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { AppHttp } from '../lib/app-http';
import { summarize, type Summary } from '../lib/stats';
import { BENCH_MODEL, BENCH_PROMPT } from './converse';

export interface StreamSide {
	firstToken: Summary;
	gaps: Summary;
	deltasPerStream: number;
}

export interface StreamPair {
	direct: StreamSide;
	api: StreamSide;
	/** The reference gateway's streams, when one was given. */
	reference?: StreamSide;
}

interface Run {
	firstToken: number;
	gaps: number[];
}

export async function streamPair(
	sdk: BedrockRuntimeClient,
	app: AppHttp,
	n: number,
	reference?: AppHttp
): Promise<StreamPair> {
	const maxTokens = 48;
	const direct = async (): Promise<Run> => {
		const started = performance.now();
		const { stream } = await sdk.send(
			new ConverseStreamCommand({
				modelId: BENCH_MODEL,
				messages: [{ role: 'user', content: [{ text: BENCH_PROMPT }] }],
				inferenceConfig: { maxTokens }
			})
		);
		const times: number[] = [];
		for await (const event of stream ?? []) {
			if (event.contentBlockDelta?.delta?.text !== undefined) times.push(performance.now());
		}
		return toRun(started, times);
	};
	const through = (gateway: AppHttp) => async (): Promise<Run> => {
		const started = performance.now();
		const times: number[] = [];
		await gateway.subscribe(
			'invoke.converseStream',
			{
				modelId: BENCH_MODEL,
				messages: [{ role: 'user', content: BENCH_PROMPT }],
				inferenceConfig: { maxTokens }
			},
			(data, at) => {
				if (data.includes('"type":"delta"')) times.push(at);
			}
		);
		return toRun(started, times);
	};
	const api = through(app);
	const viaReference = reference ? through(reference) : undefined;
	for (let i = 0; i < Math.min(10, n); i++) await Promise.all([direct(), api(), viaReference?.()]); // warm-up
	const directRuns: Run[] = [];
	const apiRuns: Run[] = [];
	const referenceRuns: Run[] = [];
	for (let i = 0; i < n; i++) {
		if (i % 2 === 0) {
			directRuns.push(await direct());
			apiRuns.push(await api());
		} else {
			apiRuns.push(await api());
			directRuns.push(await direct());
		}
		if (viaReference) referenceRuns.push(await viaReference());
	}
	return {
		direct: side(directRuns),
		api: side(apiRuns),
		...(viaReference ? { reference: side(referenceRuns) } : {})
	};
}

function toRun(started: number, deltaTimes: number[]): Run {
	if (deltaTimes.length === 0) throw new Error('a stream ended without any text delta');
	return {
		firstToken: deltaTimes[0]! - started,
		gaps: deltaTimes.slice(1).map((t, i) => t - deltaTimes[i]!)
	};
}

function side(runs: Run[]): StreamSide {
	return {
		firstToken: summarize(runs.map((r) => r.firstToken)),
		gaps: summarize(runs.flatMap((r) => r.gaps)),
		deltasPerStream: runs.reduce((sum, r) => sum + r.gaps.length + 1, 0) / runs.length
	};
}
