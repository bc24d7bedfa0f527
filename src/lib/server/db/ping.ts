import { getSql } from './client';

/** The cheapest round trip that proves Postgres answers (for /healthz). */
export async function pingDatabase(): Promise<void> {
	await getSql()`select 1`;
}
