import { describe, expect, it } from 'vitest';
import { dailySeries, dayTick, MAX_CALENDAR_DAYS } from '../../src/lib/features/usage/daily-series';
import type { UsageFigures } from '../../src/lib/schemas/usage';

const figures = (patch: Partial<UsageFigures> = {}): UsageFigures => ({
	calls: 1,
	errors: 0,
	aborted: 0,
	inputTokens: 10,
	outputTokens: 20,
	cacheReadTokens: 0,
	cacheWriteTokens: 0,
	costUsd: 0.5,
	unknownCostCalls: 0,
	...patch
});

describe('dailySeries', () => {
	it('is empty without days', () => {
		expect(dailySeries([], 'cost')).toEqual([]);
	});

	it('fills the quiet days between the first and the last, in order, across a month end', () => {
		const points = dailySeries(
			[
				{ key: '2026-12-02', ...figures({ costUsd: 2, calls: 4 }) },
				{ key: '2026-11-29', ...figures({ costUsd: 1, calls: 3 }) }
			],
			'cost'
		);
		expect(points.map((p) => [p.key, p.value, p.day !== undefined])).toEqual([
			['2026-11-29', 1, true],
			['2026-11-30', 0, false],
			['2026-12-01', 0, false],
			['2026-12-02', 2, true]
		]);
	});

	it('lists only the days with calls when they span more than two months', () => {
		const points = dailySeries(
			[
				{ key: '2026-01-01', ...figures({ costUsd: 0, unknownCostCalls: 1 }) },
				{ key: '2026-11-29', ...figures({ costUsd: 3 }) }
			],
			'cost'
		);
		expect(points.map((p) => [p.key, p.value])).toEqual([
			['2026-01-01', 0],
			['2026-11-29', 3]
		]);
		const twoMonths = dailySeries(
			[
				{ key: '2026-01-01', ...figures() },
				{ key: `2026-03-0${MAX_CALENDAR_DAYS - 59}`, ...figures() }
			],
			'cost'
		);
		expect(twoMonths).toHaveLength(MAX_CALENDAR_DAYS);
	});

	it('measures calls when asked (no cost known)', () => {
		const points = dailySeries(
			[{ key: '2026-11-29', ...figures({ calls: 7, costUsd: 0 }) }],
			'calls'
		);
		expect(points).toHaveLength(1);
		expect(points[0]?.value).toBe(7);
	});
});

describe('dayTick', () => {
	it('writes the UTC day, whatever the local zone', () => {
		expect(dayTick('2026-11-03')).toBe('Nov 3');
		expect(dayTick('2026-12-31')).toBe('Dec 31');
	});
});
