/**
 * One line of the fault table: what was injected, what was called, what the answer had to be,
 * what it was and how long it took. A row fails when the answer differs, when it took longer
 * than its bound, or when anything answered 500.
 */
export interface FaultRow {
	fault: string;
	call: string;
	expected: string;
	got: string;
	ms: number;
	/** Upper bound for `ms` (the deadline plus scheduling slack), if the row has one. */
	boundMs?: number;
	ok: boolean;
}

export class FaultRecorder {
	readonly rows: FaultRow[] = [];

	constructor(private readonly log: (line: string) => void) {}

	/** Records a row; `matches` says whether `got` is the expected answer. */
	check(row: Omit<FaultRow, 'ok'> & { matches: boolean }): boolean {
		const withinBound = row.boundMs === undefined || row.ms <= row.boundMs;
		const no500 = !/\b500\b/.test(row.got);
		const ok = row.matches && withinBound && no500;
		const { matches: _matches, ...rest } = row;
		this.rows.push({ ...rest, ok });
		this.log(
			`${ok ? 'ok  ' : 'FAIL'} ${row.fault} | ${row.call} | ${row.got} | ${row.ms} ms${row.boundMs ? ` (≤ ${row.boundMs})` : ''}`
		);
		return ok;
	}

	get failed(): number {
		return this.rows.filter((row) => !row.ok).length;
	}
}
