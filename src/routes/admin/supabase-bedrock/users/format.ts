/**
 * Times on the all-users and audit pages. Fixed locale and UTC so the server render and the
 * browser agree (hydration), whatever time zone either runs in; the full ISO time sits in
 * <time datetime> for anyone who needs it.
 */
const base: Intl.DateTimeFormatOptions = {
	year: 'numeric',
	month: 'short',
	day: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'UTC'
};
const minutes = new Intl.DateTimeFormat('en-GB', base);
// The audit log orders changes that often happen within one minute.
const seconds = new Intl.DateTimeFormat('en-GB', { ...base, second: '2-digit' });

export function formatWhen(iso: string): string {
	return `${minutes.format(new Date(iso))} UTC`;
}

export function formatWhenExact(iso: string): string {
	return `${seconds.format(new Date(iso))} UTC`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago": how old a result is, against `now`. */
export function ageOf(iso: string, now: string): string {
	const seconds = Math.max(0, (new Date(now).getTime() - new Date(iso).getTime()) / 1000);
	if (seconds < 60) return 'just now';
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min ago`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours} h ago`;
	return `${Math.floor(hours / 24)} days ago`;
}
