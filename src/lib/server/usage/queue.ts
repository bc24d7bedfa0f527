/**
 * The ledger's write queue: recording never slows an answer, and is never silently lost.
 *
 * - Off the request path: `enqueue` only pushes to an in-process array; a timer flushes it in
 *   batches (one INSERT per batch through the privileged writer function).
 * - Bounded: at most `maxQueued` rows wait. Past that, or when a batch still fails after
 *   retrying for `retryForMs` (database down longer than that), each row is written to the log
 *   as ONE structured JSON line holding the exact row (no prompt, no answer, no secret: a row
 *   has none), so an operator can re-insert it with private.record_bedrock_usage.
 * - `flush()` drains everything now: the SIGTERM drain and tests call it.
 */
import type { Sql } from '../db/client';
import { insertUsageRows, type UsageInsertRow } from '../db/usage';

export interface UsageQueueOptions {
	/** The pool to write with (resolved at write time, so a lazily made pool works). */
	sql: () => Sql;
	maxQueued?: number;
	batchSize?: number;
	flushDelayMs?: number;
	/** How long one batch keeps retrying before its rows go to the log. */
	retryForMs?: number;
	/** One line per lost row. */
	log?: (line: string) => void;
}

const MAX_BACKOFF_MS = 2_000;

export class UsageQueue {
	private readonly rows: UsageInsertRow[] = [];
	private timer: ReturnType<typeof setTimeout> | undefined;
	private running: Promise<void> | undefined;
	private readonly maxQueued: number;
	private readonly batchSize: number;
	private readonly flushDelayMs: number;
	private readonly retryForMs: number;
	private readonly log: (line: string) => void;

	constructor(private readonly options: UsageQueueOptions) {
		this.maxQueued = options.maxQueued ?? 10_000;
		this.batchSize = options.batchSize ?? 100;
		this.flushDelayMs = options.flushDelayMs ?? 50;
		this.retryForMs = options.retryForMs ?? 60_000;
		this.log = options.log ?? ((line) => console.error(line));
	}

	/** Rows waiting or being written. */
	get pending(): number {
		return this.rows.length + this.inFlight;
	}
	private inFlight = 0;

	enqueue(row: UsageInsertRow): void {
		if (this.pending >= this.maxQueued) {
			this.lost([row], 'queue_full');
			return;
		}
		this.rows.push(row);
		if (!this.running) this.schedule();
	}

	private schedule(): void {
		if (this.timer) return;
		this.timer = setTimeout(() => void this.flush(), this.flushDelayMs);
		this.timer.unref?.();
	}

	/** Writes everything queued so far (and anything queued meanwhile); never throws. */
	flush(): Promise<void> {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.running ??= this.drain().finally(() => {
			this.running = undefined;
			// A row queued while the last batch was settling still gets its timer.
			if (this.rows.length > 0) this.schedule();
		});
		return this.running;
	}

	private async drain(): Promise<void> {
		while (this.rows.length > 0) {
			const batch = this.rows.splice(0, this.batchSize);
			this.inFlight = batch.length;
			await this.writeWithRetry(batch);
			this.inFlight = 0;
		}
	}

	private async writeWithRetry(batch: UsageInsertRow[]): Promise<void> {
		const started = Date.now();
		let backoff = 100;
		for (;;) {
			try {
				await insertUsageRows(this.options.sql(), batch);
				return;
			} catch (err) {
				if (Date.now() - started + backoff > this.retryForMs) {
					this.lost(batch, errorName(err));
					return;
				}
				await new Promise((resolve) => setTimeout(resolve, backoff).unref?.());
				backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
			}
		}
	}

	private lost(rows: UsageInsertRow[], reason: string): void {
		for (const row of rows) {
			this.log(JSON.stringify({ level: 'error', event: 'usage_row_not_recorded', reason, row }));
		}
	}
}

/** The error's name or code only: a driver message may quote connection details. */
function errorName(err: unknown): string {
	const e = err as { code?: unknown; name?: unknown };
	if (typeof e?.code === 'string') return e.code;
	return typeof e?.name === 'string' ? e.name : 'Error';
}
