import { guardDatabase } from './guard';

/**
 * The cheapest round trip that proves Postgres answers (for /healthz). Through the breaker:
 * refused at once while the circuit is open, and the probe that closes it once it is back.
 */
export async function pingDatabase(): Promise<void> {
	await guardDatabase((sql) => sql`select 1`);
}
