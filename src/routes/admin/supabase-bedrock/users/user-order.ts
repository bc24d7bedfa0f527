import type { UserRow } from './types';
import { userName } from './user-text';

export const USER_SORTS = {
	email: 'Email (A to Z)',
	failing: 'Failing tests first',
	updated: 'Recently updated keys'
} as const;
export type UserSort = keyof typeof USER_SORTS;

const byName = (a: UserRow, b: UserRow) =>
	userName(a).localeCompare(userName(b), 'en', { sensitivity: 'base' });

// Worst first: a failing or partial test, then never tested or stale, then passing, then
// users with nothing to test.
function health(user: UserRow): number {
	if (!user.credentials) return 4;
	const test = user.lastTest;
	if (test && !test.stale && test.status !== 'pass') return 0;
	if (!test || test.stale) return 1;
	return 2;
}

/** The users matching `search` (email or id, any case), in the chosen order. */
export function visibleUsers(users: readonly UserRow[], search: string, sort: UserSort): UserRow[] {
	const needle = search.trim().toLowerCase();
	const matching = needle
		? users.filter(
				(u) => (u.email ?? '').toLowerCase().includes(needle) || u.userId.startsWith(needle)
			)
		: [...users];
	const compare: Record<UserSort, (a: UserRow, b: UserRow) => number> = {
		email: byName,
		failing: (a, b) => health(a) - health(b) || byName(a, b),
		updated: (a, b) =>
			(b.credentials?.updatedAt ?? '').localeCompare(a.credentials?.updatedAt ?? '') || byName(a, b)
	};
	return matching.sort(compare[sort]);
}
