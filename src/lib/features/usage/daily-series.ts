/** The daily chart's points: one per UTC day (isomorphic, unit-tested). */
import type { UsageFigures } from '$lib/schemas/usage';

type Day = UsageFigures & { key: string };
export type DayPoint = { key: string; value: number; day?: Day };

const DAY_MS = 86_400_000;

/** The longest span drawn as a continuous calendar; beyond it a bar would be a hairline. */
export const MAX_CALENDAR_DAYS = 62;

/**
 * Every day from the first to the last day with calls, so the axis is a continuous calendar
 * (a quiet day reads as a gap, not as missing); days without calls carry no `day`. When those
 * days span more than MAX_CALENDAR_DAYS (a range of a year with two busy days), only the days
 * with calls are listed: readable bars, each dated, rather than two slivers in a year of gaps.
 */
export function dailySeries(days: Day[], measure: 'cost' | 'calls'): DayPoint[] {
	const known = new Map(days.map((day) => [day.key, day]));
	const keys = [...known.keys()].sort();
	if (keys.length === 0) return [];
	const valueOf = (day: Day) => (measure === 'cost' ? day.costUsd : day.calls);
	const first = Date.parse(`${keys[0]}T00:00:00Z`);
	const last = Date.parse(`${keys[keys.length - 1]}T00:00:00Z`);
	if ((last - first) / DAY_MS + 1 > MAX_CALENDAR_DAYS) {
		return keys.map((key) => {
			const day = known.get(key)!;
			return { key, value: valueOf(day), day };
		});
	}
	const points: DayPoint[] = [];
	for (let time = first; time <= last; time += DAY_MS) {
		const key = new Date(time).toISOString().slice(0, 10);
		const day = known.get(key);
		points.push(day ? { key, value: valueOf(day), day } : { key, value: 0 });
	}
	return points;
}

/** "Nov 3" for the axis: the year is in the range filter, the full date in each bar's label. */
export function dayTick(key: string): string {
	return new Date(`${key}T00:00:00Z`).toLocaleDateString('en-US', {
		month: 'short',
		day: 'numeric',
		timeZone: 'UTC'
	});
}
