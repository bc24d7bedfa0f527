import { describe, expect, it } from 'vitest';
import { InvokeLeases } from '../../src/lib/server/budgets/invoke-leases';

function leases(ttlMs = 5_000) {
	let now = 1_000_000;
	const store = new InvokeLeases(ttlMs, () => now);
	return { store, advance: (ms: number) => (now += ms) };
}

const takeAll = (store: InvokeLeases, userId: string) => {
	let taken = 0;
	while (store.take(userId)) taken++;
	return taken;
};

describe('InvokeLeases', () => {
	it('admits exactly the leased calls, for that user only', () => {
		const { store } = leases();
		expect(store.take('u1')).toBe(false);
		store.store('u1', { calls: 3, validMs: 60_000 }, store.currentGeneration());
		expect(store.take('u2')).toBe(false);
		expect(takeAll(store, 'u1')).toBe(3);
	});

	it('adds up the shares of concurrent admissions', () => {
		const { store } = leases();
		const generation = store.currentGeneration();
		store.store('u1', { calls: 5, validMs: 60_000 }, generation);
		expect(store.take('u1')).toBe(true);
		store.store('u1', { calls: 4, validMs: 60_000 }, generation);
		expect(takeAll(store, 'u1')).toBe(8);
	});

	it('voids a lease when its window ends, and after the TTL whatever the window says', () => {
		const { store, advance } = leases(5_000);
		store.store('u1', { calls: 10, validMs: 2_000 }, store.currentGeneration());
		advance(1_999);
		expect(store.take('u1')).toBe(true);
		advance(1);
		expect(store.take('u1')).toBe(false);

		store.store('u1', { calls: 10, validMs: 60_000 }, store.currentGeneration());
		advance(4_999);
		expect(store.take('u1')).toBe(true);
		advance(1);
		expect(store.take('u1')).toBe(false);
	});

	it('does not carry an expired lease into a new one', () => {
		const { store, advance } = leases(5_000);
		store.store('u1', { calls: 10, validMs: 1_000 }, store.currentGeneration());
		advance(1_000);
		store.store('u1', { calls: 2, validMs: 60_000 }, store.currentGeneration());
		expect(takeAll(store, 'u1')).toBe(2);
	});

	it("drops a user's lease, or everyone's, when a budget or limit changes", () => {
		const { store } = leases();
		store.store('u1', { calls: 5, validMs: 60_000 }, store.currentGeneration());
		store.store('u2', { calls: 5, validMs: 60_000 }, store.currentGeneration());
		store.forget('u1');
		expect(store.take('u1')).toBe(false);
		expect(store.take('u2')).toBe(true);
		store.forget();
		expect(store.take('u2')).toBe(false);
	});

	it('never stores a lease granted by an admission that started before a change', () => {
		const { store } = leases();
		const before = store.currentGeneration();
		store.forget('u1'); // e.g. an admin sets the user's budget while the admission is out
		store.store('u1', { calls: 5, validMs: 60_000 }, before);
		expect(store.take('u1')).toBe(false);
	});

	it('ignores an admission that leased nothing', () => {
		const { store } = leases();
		store.store('u1', null, store.currentGeneration());
		store.store('u1', { calls: 0, validMs: 0 }, store.currentGeneration());
		expect(store.take('u1')).toBe(false);
	});
});
