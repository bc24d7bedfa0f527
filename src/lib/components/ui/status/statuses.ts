import CircleAlert from '@lucide/svelte/icons/circle-alert';
import CircleCheck from '@lucide/svelte/icons/circle-check';
import CircleDashed from '@lucide/svelte/icons/circle-dashed';
import CircleMinus from '@lucide/svelte/icons/circle-minus';
import CircleX from '@lucide/svelte/icons/circle-x';
import Clock from '@lucide/svelte/icons/clock';
import DatabaseBackup from '@lucide/svelte/icons/database-backup';

/** Every status the dashboard shows; each has an icon AND a word, never colour alone. */
export const STATUS_KINDS = [
	'pass',
	'fail',
	'skip',
	'partial',
	'connected',
	'failing',
	'untested',
	'not_configured',
	'fallback'
] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];

type StatusLook = { label: string; icon: typeof CircleCheck; classes: string };

export const STATUS_LOOKS: Record<StatusKind, StatusLook> = {
	pass: {
		label: 'Passed',
		icon: CircleCheck,
		classes: 'bg-emerald-50 text-emerald-800 ring-emerald-200'
	},
	fail: { label: 'Failed', icon: CircleX, classes: 'bg-red-50 text-red-800 ring-red-200' },
	skip: {
		label: 'Skipped',
		icon: CircleMinus,
		classes: 'bg-slate-100 text-slate-700 ring-slate-200'
	},
	partial: {
		label: 'Partly working',
		icon: CircleAlert,
		classes: 'bg-amber-50 text-amber-900 ring-amber-200'
	},
	connected: {
		label: 'Connected',
		icon: CircleCheck,
		classes: 'bg-emerald-50 text-emerald-800 ring-emerald-200'
	},
	failing: { label: 'Failing', icon: CircleX, classes: 'bg-red-50 text-red-800 ring-red-200' },
	untested: {
		label: 'Not tested yet',
		icon: Clock,
		classes: 'bg-slate-100 text-slate-700 ring-slate-200'
	},
	not_configured: {
		label: 'Not configured',
		icon: CircleDashed,
		classes: 'bg-slate-100 text-slate-700 ring-slate-200'
	},
	fallback: {
		label: 'Using fallback data',
		icon: DatabaseBackup,
		classes: 'bg-amber-50 text-amber-900 ring-amber-200'
	}
};
