/**
 * Password hashing and policy, as GoTrue does it.
 *
 * bcrypt cost 10 (Go's bcrypt.DefaultCost, GoTrue's choice): hashes stay interchangeable with
 * real GoTrue and with `extensions.crypt(pw, gen_salt('bf'))` seeds, and a login costs ~75 ms of
 * CPU here, which is realistic and cheap enough for tests. Hashes are written with the `$2a$`
 * prefix GoTrue writes (bcryptjs emits `$2b$`, the same algorithm for passwords ≤ 72 bytes,
 * which is all the policy allows); both prefixes verify.
 */
import bcrypt from 'bcryptjs';
import { badRequest, weakPasswordError } from './errors';

export const BCRYPT_COST = 10;
/** bcrypt only reads 72 bytes; GoTrue refuses longer passwords instead of truncating them. */
const MAX_PASSWORD_BYTES = 72;

export async function hashPassword(password: string): Promise<string> {
	const hash = await bcrypt.hash(password, BCRYPT_COST);
	return hash.replace(/^\$2b\$/, '$2a$');
}

/** False for a wrong password and for users without a password (empty hash). */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
	if (!hash || !hash.startsWith('$2')) return false;
	// bcrypt ignores bytes after 72; Go's bcrypt refuses such input instead of matching a prefix.
	if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return false;
	return bcrypt.compare(password, hash);
}

/** GoTrue's checkPasswordStrength with the CLI's defaults (length only, no character sets). */
export function checkPasswordStrength(password: string, minimumLength: number): void {
	if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
		throw badRequest(
			'validation_failed',
			`Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`
		);
	}
	if ([...password].length < minimumLength) {
		throw weakPasswordError(`Password should be at least ${minimumLength} characters.`, ['length']);
	}
}
