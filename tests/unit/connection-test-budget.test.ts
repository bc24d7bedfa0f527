import { describe, expect, it } from 'vitest';
import { callEnd } from '../../src/lib/server/connection-test/budget';

describe('the connection test’s two invocations as one budget settlement', () => {
	it('charges the sum of both known costs', () => {
		expect(
			callEnd([
				{ answered: true, costUsd: 0.25 },
				{ answered: true, costUsd: 0.5 }
			])
		).toEqual({ kind: 'answered', costUsd: 0.75 });
	});

	it('charges nothing when AWS refused both (errors are not billed)', () => {
		expect(callEnd([{ answered: false }, { answered: false }])).toEqual({ kind: 'failed' });
	});

	it('charges the answered one when only one was answered', () => {
		expect(callEnd([{ answered: false }, { answered: true, costUsd: 0.1 }])).toEqual({
			kind: 'answered',
			costUsd: 0.1
		});
	});

	it('never counts an unknown cost as free: the reserved maximum is charged', () => {
		expect(
			callEnd([
				{ answered: true, costUsd: null },
				{ answered: true, costUsd: 0.1 }
			])
		).toEqual({ kind: 'answered', costUsd: null });
	});

	it('treats a test stopped before both ended as cut short', () => {
		expect(callEnd([])).toEqual({ kind: 'cut_short' });
		expect(callEnd([{ answered: true, costUsd: 0.1 }])).toEqual({ kind: 'cut_short' });
	});
});
