/**
 * The app's toasts: one shared list rendered by <Toaster /> (mounted once in the dashboard
 * layout). Call `toast.success('Saved')` / `toast.error('Could not save', { description })`
 * from event handlers. Browser-only by design: never push toasts during SSR (module state
 * would be shared between requests on the server).
 */

export type ToastTone = 'success' | 'error';

export type Toast = {
	id: number;
	tone: ToastTone;
	message: string;
	description?: string;
};

/** Failures stay longer: people need time to read what went wrong. */
const DURATION_MS: Record<ToastTone, number> = { success: 5000, error: 10000 };

export class ToastStore {
	items = $state<Toast[]>([]);
	#nextId = 1;

	success(message: string, options: { description?: string } = {}): number {
		return this.#push('success', message, options.description);
	}

	error(message: string, options: { description?: string } = {}): number {
		return this.#push('error', message, options.description);
	}

	dismiss(id: number): void {
		this.items = this.items.filter((t) => t.id !== id);
	}

	#push(tone: ToastTone, message: string, description?: string): number {
		const id = this.#nextId++;
		this.items = [...this.items, { id, tone, message, description }].slice(-4);
		setTimeout(() => this.dismiss(id), DURATION_MS[tone]);
		return id;
	}
}

export const toast = new ToastStore();
