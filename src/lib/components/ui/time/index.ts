/**
 * Timestamps: `<DateTime value={row.updatedAt} />` or `formatDateTime(iso)` for attributes.
 * Always UTC with a fixed locale so the server render and hydration produce the same text.
 */
export { default as DateTime } from './DateTime.svelte';
export { formatDateTime } from './format';
