/**
 * A small in-process LRU with per-entry expiry.
 *
 * Only ever an optimisation (DESIGN.md "Scaling out"): any instance may lose it, so nothing
 * stored here is needed for correctness. Map insertion order is the recency order.
 */
export class LruCache<V> {
	private readonly entries = new Map<string, { value: V; expiresAt: number }>();

	constructor(
		private readonly maxEntries: number,
		private readonly ttlMs: number,
		private readonly onEvict?: (key: string, value: V) => void,
		private readonly now: () => number = Date.now
	) {}

	get(key: string): V | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= this.now()) {
			this.delete(key);
			return undefined;
		}
		this.entries.delete(key);
		this.entries.set(key, entry);
		return entry.value;
	}

	set(key: string, value: V): void {
		if (this.entries.has(key)) this.delete(key);
		this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.delete(oldest);
		}
	}

	delete(key: string): void {
		const entry = this.entries.get(key);
		if (!entry) return;
		this.entries.delete(key);
		this.onEvict?.(key, entry.value);
	}

	/** Drops every entry whose key starts with `prefix`. */
	deletePrefix(prefix: string): number {
		let dropped = 0;
		for (const key of [...this.entries.keys()]) {
			if (key.startsWith(prefix)) {
				this.delete(key);
				dropped++;
			}
		}
		return dropped;
	}

	clear(): void {
		for (const key of [...this.entries.keys()]) this.delete(key);
	}

	get size(): number {
		return this.entries.size;
	}
}
