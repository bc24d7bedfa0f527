/**
 * Keeps the provisioned list fresh while something in it is Creating or Updating, without a
 * reload: it reads the list again after 1 s, then backs off (×1.6 up to 15 s) while nothing
 * changes, and stops once every row has settled. Any change (a status moved, a row added by a
 * create) starts again from 1 s. A failed read backs off too and keeps the last list shown.
 */
import { isSettling, type ListProvisionedOutput } from '$lib/schemas/provisioned';
import { FIRST_DELAY_MS, nextDelay } from './poll-delay';

const fingerprint = (list: ListProvisionedOutput) =>
	list.items.map((i) => `${i.arn}:${i.status}:${i.name}:${i.updatedAt}`).join('|');

export class StatusPoller {
	list = $state.raw<ListProvisionedOutput | null>(null);
	/** The last read failed: the list shown may be stale. */
	stale = $state(false);
	private timer: ReturnType<typeof setTimeout> | undefined;
	private delay = FIRST_DELAY_MS;
	private stopped = false;

	constructor(
		initial: ListProvisionedOutput | null,
		private readonly read: () => Promise<ListProvisionedOutput>
	) {
		this.list = initial;
	}

	get settling(): boolean {
		return this.list?.items.some((i) => isSettling(i.status)) ?? false;
	}

	/** After a mutation or on mount: show `latest` (if given) and poll from the first delay. */
	restart(latest?: ListProvisionedOutput): void {
		if (latest) this.list = latest;
		this.delay = FIRST_DELAY_MS;
		this.schedule();
	}

	private schedule(): void {
		clearTimeout(this.timer);
		if (this.stopped || !this.settling) return;
		this.timer = setTimeout(() => void this.tick(), this.delay);
	}

	private async tick(): Promise<void> {
		const before = this.list ? fingerprint(this.list) : '';
		try {
			const latest = await this.read();
			if (this.stopped) return;
			this.stale = false;
			this.list = latest;
			this.delay = fingerprint(latest) === before ? nextDelay(this.delay) : FIRST_DELAY_MS;
		} catch {
			this.stale = true;
			this.delay = nextDelay(this.delay);
		}
		this.schedule();
	}

	stop(): void {
		this.stopped = true;
		clearTimeout(this.timer);
	}
}
