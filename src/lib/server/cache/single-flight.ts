/**
 * One fetch per key at a time: callers that ask for a key while its fetch is running get that
 * fetch's promise instead of starting their own. When a cached catalog expires (or an instance
 * starts cold) under load, one AWS request refills it rather than one per waiting request,
 * each of which would also take one of the user's in-flight AWS slots.
 */
export class SingleFlight<T> {
	private readonly running = new Map<string, Promise<T>>();

	run(key: string, fetch: () => Promise<T>): Promise<T> {
		const running = this.running.get(key);
		if (running) return running;
		let started: Promise<T>;
		try {
			started = fetch();
		} catch (error) {
			started = Promise.reject(error);
		}
		const shared = started.finally(() => this.running.delete(key));
		this.running.set(key, shared);
		return shared;
	}

	/** Fetches running now (for tests). */
	get size(): number {
		return this.running.size;
	}
}
