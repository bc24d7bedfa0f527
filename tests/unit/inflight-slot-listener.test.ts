// The in-flight slot's abort listener goes when the slot does. The request's signal is composed
// (AbortSignal.any), and Node keeps a composed signal alive while it has an abort listener: a
// listener left behind kept one signal, its listener and its WeakRefs per call, for ever.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { holdingInflightSlot } from '$lib/server/limits/procedures';

const requestSignal = () => AbortSignal.any([new AbortController().signal]);

describe('holdingInflightSlot', () => {
	it('removes its abort listener when a call ends, answered or failed', async () => {
		const answered = requestSignal();
		await holdingInflightSlot('user-a', answered, 'mutation', async () => ({ ok: true }));
		expect(getEventListeners(answered, 'abort')).toHaveLength(0);

		const failed = requestSignal();
		await expect(
			holdingInflightSlot('user-a', failed, 'mutation', async () => {
				throw new Error('AWS said no');
			})
		).rejects.toThrow('AWS said no');
		expect(getEventListeners(failed, 'abort')).toHaveLength(0);
	});

	it('keeps the listener while the call runs, so a hang-up still frees the slot', async () => {
		const controller = new AbortController();
		const signal = AbortSignal.any([controller.signal]);
		let finish!: () => void;
		const call = holdingInflightSlot(
			'user-b',
			signal,
			'mutation',
			() => new Promise<{ ok: boolean }>((done) => (finish = () => done({ ok: true })))
		);
		expect(getEventListeners(signal, 'abort')).toHaveLength(1);
		controller.abort();
		expect(getEventListeners(signal, 'abort')).toHaveLength(0);
		finish();
		await call;
	});
});
