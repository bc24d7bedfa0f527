/** Order statistics over latency samples (milliseconds). */
export interface Summary {
	n: number;
	p50: number;
	p99: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
	const sorted = [...samples].sort((a, b) => a - b);
	return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
