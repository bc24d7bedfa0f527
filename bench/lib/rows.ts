/** The targets (issue 9), applied to one run's pairs. */
import type { ConversePair } from '../pairs/converse';
import type { MemoryPair } from '../pairs/memory';
import type { StreamPair } from '../pairs/stream';
import type { ThroughputPair } from '../pairs/throughput';
import type { Row } from './report';

const ms = (v: number) => `${v.toFixed(2)} ms`;
const plusMs = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)} ms`;
const rps = (v: number) => `${Math.round(v).toLocaleString('en-US')} req/s`;
const times = (value: number, of: number) => `${(value / of).toFixed(2)}×`;

export const TARGETS = {
	converseP50AddedMs: 1,
	converseP99AddedMs: 3,
	firstTokenAddedMs: 1,
	/** "adds nothing to the gaps": the median gap may differ by timer and scheduling noise only. */
	gapAddedMs: 0.5,
	throughputRatio: 0.5,
	memoryGrowth: 0.05
} as const;

export interface BenchResults {
	converse: ConversePair;
	stream: StreamPair;
	throughput: ThroughputPair[];
	memory: MemoryPair;
}

export function benchRows(r: BenchResults): Row[] {
	const rows: Row[] = [];
	/** A row measured for context: no target, so it can never read as pass or MISS. */
	const context = (
		kind: 'floor' | 'reference',
		measure: string,
		cells: Pick<Row, 'direct' | 'api' | 'change'>
	) =>
		rows.push({
			measure: `${kind}: ${measure}`,
			...cells,
			target: '—',
			pass: null,
			context: kind,
			headline: true
		});
	const added = (measure: string, direct: number, api: number, target: number, headline = false) =>
		rows.push({
			measure,
			direct: ms(direct),
			api: ms(api),
			change: plusMs(api - direct),
			target: `≤ +${target} ms`,
			pass: api - direct <= target,
			headline
		});
	added(
		`Converse p50 (${r.converse.api.n} calls)`,
		r.converse.direct.p50,
		r.converse.api.p50,
		TARGETS.converseP50AddedMs,
		true
	);
	added(
		'Converse p99',
		r.converse.direct.p99,
		r.converse.api.p99,
		TARGETS.converseP99AddedMs,
		true
	);
	context('floor', 'an empty answer from this app (GET /livez, every hook, no API code) p50', {
		direct: '—',
		api: ms(r.converse.floor.p50),
		change: plusMs(r.converse.floor.p50)
	});
	const reference = (measure: string, direct: number, through: number) =>
		context(
			'reference',
			`${measure} through the thinnest Node gateway (node:http + the same SDK, nothing else)`,
			{ direct: ms(direct), api: ms(through), change: plusMs(through - direct) }
		);
	if (r.converse.reference) {
		reference('Converse p50', r.converse.direct.p50, r.converse.reference.p50);
		reference('Converse p99', r.converse.direct.p99, r.converse.reference.p99);
	}
	added(
		`ConverseStream time to first token p50 (${r.stream.api.firstToken.n} streams)`,
		r.stream.direct.firstToken.p50,
		r.stream.api.firstToken.p50,
		TARGETS.firstTokenAddedMs,
		true
	);
	if (r.stream.reference)
		reference(
			'time to first token p50',
			r.stream.direct.firstToken.p50,
			r.stream.reference.firstToken.p50
		);
	added(
		`ConverseStream gap between deltas p50 (${r.stream.api.gaps.n} gaps)`,
		r.stream.direct.gaps.p50,
		r.stream.api.gaps.p50,
		TARGETS.gapAddedMs
	);
	for (const t of r.throughput) {
		const ratio = t.api / t.direct;
		rows.push({
			measure: `warm models.list vs ListFoundationModels, ${t.connections} connections`,
			direct: rps(t.direct),
			api: rps(t.api),
			change: times(t.api, t.direct),
			target: `≥ ${TARGETS.throughputRatio}×`,
			pass: ratio >= TARGETS.throughputRatio && t.errors === 0,
			headline: true
		});
		if (t.floor !== undefined)
			context('floor', `GET /livez vs ListFoundationModels, ${t.connections} connections`, {
				direct: rps(t.direct),
				api: rps(t.floor),
				change: times(t.floor, t.direct)
			});
		if (t.reference !== undefined)
			context(
				'reference',
				`the thinnest Node gateway's list (the app's answer, from memory) vs ListFoundationModels, ${t.connections} connections`,
				{ direct: rps(t.direct), api: rps(t.reference), change: times(t.reference, t.direct) }
			);
	}
	const growth = r.memory.afterSecondMb / r.memory.afterFirstMb - 1;
	rows.push({
		measure: `server RSS after ${r.memory.requests.toLocaleString('en-US')} → ${(2 * r.memory.requests).toLocaleString('en-US')} invoke.converse`,
		direct: '—',
		api: `${r.memory.afterFirstMb.toFixed(0)} MB → ${r.memory.afterSecondMb.toFixed(0)} MB`,
		change: `${growth >= 0 ? '+' : '−'}${Math.abs(growth * 100).toFixed(1)}%`,
		target: `< +${TARGETS.memoryGrowth * 100}%`,
		pass: growth < TARGETS.memoryGrowth && r.memory.errors === 0,
		headline: true
	});
	return rows;
}
