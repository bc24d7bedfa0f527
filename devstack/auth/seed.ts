/**
 * The local stack's seeded logins (DESIGN.md): an admin and a plain user, written straight into
 * auth.users/auth.identities the way GoTrue writes confirmed email users, so both this server
 * and a real GoTrue could sign them in.
 *
 * Idempotent: a user whose email already exists is left exactly as it is (id, password,
 * metadata), so a second `npm run dev` changes nothing and existing sessions stay valid.
 * These accounts exist only in the local stack, never in migrations.
 */
import postgres from 'postgres';
import { hashPassword } from './passwords';
import { findUserByEmail, insertUserWithEmailIdentity } from './users-repo';

export interface SeededLogin {
	email: string;
	password: string;
	appMetadata: Record<string, unknown>;
}

export const SEEDED_ADMIN: SeededLogin = {
	email: 'admin@bedrock.local',
	password: 'bedrock-admin',
	appMetadata: { provider: 'email', providers: ['email'], role: 'admin' }
};

export const SEEDED_USER: SeededLogin = {
	email: 'user@bedrock.local',
	password: 'bedrock-user',
	appMetadata: { provider: 'email', providers: ['email'] }
};

export interface SeedResult {
	/** Emails inserted by this call (empty when everything already existed). */
	created: string[];
}

export async function seedUsers(databaseUrl: string): Promise<SeedResult> {
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
	const created: string[] = [];
	try {
		for (const login of [SEEDED_ADMIN, SEEDED_USER]) {
			const inserted = await sql.begin(async (tx) => {
				// Same lock key as signup/admin create, so a concurrent signup cannot interleave.
				await tx`select pg_advisory_xact_lock(hashtext(${`signup:${login.email}`}))`;
				if (await findUserByEmail(tx, login.email, 'authenticated')) return false;
				await insertUserWithEmailIdentity(tx, {
					email: login.email,
					passwordHash: await hashPassword(login.password),
					emailConfirmed: true,
					appMetadata: login.appMetadata,
					userMetadata: {},
					aud: 'authenticated',
					role: 'authenticated'
				});
				return true;
			});
			if (inserted) created.push(login.email);
		}
	} finally {
		await sql.end({ timeout: 5 });
	}
	return { created };
}
