/** The provisioned page's polling back-off: 1 s, then ×1.6 per unchanged read, at most 15 s. */
export const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 15_000;
const BACK_OFF = 1.6;

export function nextDelay(current: number): number {
	return Math.min(MAX_DELAY_MS, Math.round(current * BACK_OFF));
}
