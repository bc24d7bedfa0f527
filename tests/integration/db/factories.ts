// Test data for the DB tests: users inserted straight into auth.users (as the auth server would
// store them) with the JWT claims the app would have verified for them, and credential rows.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Sql } from '../../../src/lib/server/db/client';
import type { UserClaims } from '../../../src/lib/server/db/rls';
import type { BedrockCredentialsWrite } from '../../../src/lib/server/db/types';

export interface TestUser {
	id: string;
	email: string;
	claims: UserClaims;
}

export async function insertUser(
	owner: Sql,
	options: { admin?: boolean; userMetadata?: Record<string, unknown> } = {}
): Promise<TestUser> {
	const id = randomUUID();
	const email = `db-${id.slice(0, 8)}@test.local`;
	const appMetadata = {
		provider: 'email',
		providers: ['email'],
		...(options.admin ? { role: 'admin' } : {})
	};
	const userMetadata = options.userMetadata ?? {};
	await owner`
		insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
		                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
		values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email},
		        '', now(), ${owner.json(appMetadata)}, ${owner.json(userMetadata as never)}, now(), now())
	`;
	const claims: UserClaims = {
		sub: id,
		role: 'authenticated',
		aud: 'authenticated',
		email,
		app_metadata: appMetadata,
		user_metadata: userMetadata,
		is_anonymous: false
	};
	return { id, email, claims };
}

/** Looks like the crypto module's output: base64(iv[12] | tag[16] | ct). */
export function fakeCiphertext(plaintextLength = 40): string {
	return randomBytes(12 + 16 + plaintextLength).toString('base64');
}

export function exampleKeyId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	const bytes = randomBytes(16);
	return 'AKIA' + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** A valid save for `userId` (what the crypto module would hand to the store), with overrides. */
export function credentialsWrite(
	userId: string,
	overrides: Partial<BedrockCredentialsWrite> = {}
): BedrockCredentialsWrite {
	return {
		user_id: userId,
		access_key_id: exampleKeyId(),
		secret_access_key_ciphertext: fakeCiphertext(),
		session_token_ciphertext: null,
		encryption_key_id: 'k1',
		region: 'us-east-1',
		...overrides
	};
}
