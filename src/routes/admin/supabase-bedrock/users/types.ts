import type { ConnectionLastForAll } from '$lib/schemas/connection';
import type { AdminCredentialsRow } from '$lib/schemas/credentials';

/** One line of the all-users table: the user, their masked credentials and last test. */
export type UserRow = AdminCredentialsRow & { lastTest: ConnectionLastForAll[number] | null };

/** What the table (md up) and the cards (phones) both take: the same users, the same actions. */
export type UserListProps = {
	users: UserRow[];
	onedit: (user: UserRow) => void;
	ondelete: (user: UserRow) => void;
};
