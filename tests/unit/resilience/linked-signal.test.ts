// linkSignals: follows its sources like AbortSignal.any, times out like AbortSignal.timeout, and
// leaves nothing on its sources once disposed (the reason it exists: no WeakRefs to outlive a call).
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { linkSignals } from '$lib/server/resilience/linked-signal';

afterEach(() => vi.useRealTimers());

describe('linkSignals', () => {
	it('aborts with the reason of whichever source aborts first', () => {
		const a = new AbortController();
		const b = new AbortController();
		const link = linkSignals([a.signal, undefined, b.signal]);
		expect(link.signal.aborted).toBe(false);
		const reason = new Error('client gone');
		b.abort(reason);
		expect(link.signal.aborted).toBe(true);
		expect(link.signal.reason).toBe(reason);
		// Aborting unlinks it from the other source too.
		expect(getEventListeners(a.signal, 'abort')).toHaveLength(0);
		a.abort(new Error('later'));
		expect(link.signal.reason).toBe(reason);
	});

	it('is aborted at once when a source already is', () => {
		const a = new AbortController();
		a.abort('gone');
		const link = linkSignals([new AbortController().signal, a.signal]);
		expect(link.signal.aborted).toBe(true);
		expect(link.signal.reason).toBe('gone');
	});

	it('times out with a TimeoutError, as AbortSignal.timeout does', () => {
		vi.useFakeTimers();
		const link = linkSignals([], { timeoutMs: 1_000 });
		vi.advanceTimersByTime(999);
		expect(link.signal.aborted).toBe(false);
		vi.advanceTimersByTime(1);
		expect(link.signal.aborted).toBe(true);
		expect((link.signal.reason as DOMException).name).toBe('TimeoutError');
	});

	it('dispose leaves no listener on its sources and stops the timer', () => {
		vi.useFakeTimers();
		const a = new AbortController();
		const link = linkSignals([a.signal], { timeoutMs: 1_000 });
		expect(getEventListeners(a.signal, 'abort')).toHaveLength(1);
		link.dispose();
		expect(getEventListeners(a.signal, 'abort')).toHaveLength(0);
		vi.advanceTimersByTime(5_000);
		a.abort();
		expect(link.signal.aborted).toBe(false);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('abort gives a reason of the caller and unlinks', () => {
		const a = new AbortController();
		const link = linkSignals([a.signal]);
		link.abort(new Error('deadline'));
		expect((link.signal.reason as Error).message).toBe('deadline');
		expect(getEventListeners(a.signal, 'abort')).toHaveLength(0);
		link.abort(new Error('second'));
		expect((link.signal.reason as Error).message).toBe('deadline');
	});
});
