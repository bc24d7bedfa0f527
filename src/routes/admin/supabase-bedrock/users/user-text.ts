import type { UserRow } from './types';

/** Who a row is about: the email, or the id when the auth user has none. */
export function userName(user: UserRow): string {
	return user.email ?? user.userId;
}

export function keyKindLabel(keyKind: NonNullable<UserRow['credentials']>['keyKind']): string {
	return keyKind === 'temporary' ? 'Temporary' : 'Long-term';
}
