import type { ConnectionLastForAll } from '$lib/schemas/connection';
import type { AdminCredentialsRow } from '$lib/schemas/credentials';

/** One line of the all-users table: the user, their masked credentials and last test. */
export type UserRow = AdminCredentialsRow & { lastTest: ConnectionLastForAll[number] | null };
