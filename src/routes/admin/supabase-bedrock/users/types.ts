import type { ConnectionLastForAll } from '$lib/schemas/connection';
import type { AdminCredentialsRow } from '$lib/schemas/credentials';

/** One line of the all-users table: the user, their masked credentials and last test. */
export type UserRow = AdminCredentialsRow & { lastTest: ConnectionLastForAll[number] | null };

/** What the table (md up) and the cards (phones) both take: the same users, the same actions. */
export type UserListProps = {
	users: UserRow[];
	onedit: (user: UserRow) => void;
	ondelete: (user: UserRow) => void;
	/** Runs the connection test on the user's saved keys (admins' connection.testForUser). */
	ontest: (user: UserRow) => void;
	/** The user whose test is running, if any. */
	testing: string | null;
	/** When the page was loaded: the reference for "tested 5 min ago" (same on server and browser). */
	now: string;
};
