/**
 * Times on the all-users and audit pages. Fixed locale and UTC so the server render and the
 * browser agree (hydration), whatever time zone either runs in; the full ISO time sits in
 * <time datetime> for anyone who needs it.
 */
const formatter = new Intl.DateTimeFormat('en-GB', {
	year: 'numeric',
	month: 'short',
	day: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'UTC'
});

export function formatWhen(iso: string): string {
	return `${formatter.format(new Date(iso))} UTC`;
}
