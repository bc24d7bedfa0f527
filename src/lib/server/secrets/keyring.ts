/**
 * The encryption keyring, read from CREDENTIALS_ENCRYPTION_KEY.
 *
 * Format: comma-separated `<keyId>:<base64 of 32 random bytes>` entries, newest first:
 *
 *     CREDENTIALS_ENCRYPTION_KEY="k2:3q2+7w...=,k1:q83vEj...="
 *
 * The first key encrypts; every key decrypts (so a rotation is: prepend a new key, run
 * `npm run credentials:rotate`, then drop the old key). Key ids are 1-32 characters of
 * `a-z A-Z 0-9 _ -`. A single bare base64 key (no `id:`) is accepted and gets the id `default`;
 * to rotate away from it, keep it as an explicit `default:<base64>` entry after the new key.
 * Generate a key with `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`.
 * Errors name the entry by position and never echo key material.
 */
import { z } from 'zod';

export interface EncryptionKey {
	id: string;
	key: Buffer;
}

export interface Keyring {
	/** The key new ciphertexts are written with. */
	current: EncryptionKey;
	byId: ReadonlyMap<string, EncryptionKey>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 =
	/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$|^[A-Za-z0-9_-]+={0,2}$/;

function decodeKey(material: string): Buffer | undefined {
	if (!BASE64.test(material)) return undefined;
	const bytes = Buffer.from(material.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
	return bytes.length === 32 ? bytes : undefined;
}

/** `bare`: written without `id:` (the id is then `default`). */
type ParsedEntry = EncryptionKey & { bare: boolean };

const entrySchema = z.string().transform((raw, ctx): ParsedEntry => {
	const entry = raw.trim();
	const colon = entry.indexOf(':');
	const id = colon === -1 ? 'default' : entry.slice(0, colon).trim();
	const material = colon === -1 ? entry : entry.slice(colon + 1).trim();
	if (!KEY_ID.test(id)) {
		ctx.addIssue({ code: 'custom', message: 'key id must be 1-32 characters of A-Z a-z 0-9 _ -' });
		return z.NEVER;
	}
	const key = decodeKey(material);
	if (!key) {
		ctx.addIssue({
			code: 'custom',
			message: `key "${id}" must be base64 of exactly 32 bytes (AES-256)`
		});
		return z.NEVER;
	}
	return { id, key, bare: colon === -1 };
});

const keyringSchema = z
	.string({ error: 'CREDENTIALS_ENCRYPTION_KEY is not set' })
	.trim()
	.min(1, { error: 'CREDENTIALS_ENCRYPTION_KEY is empty' })
	.transform((value) => value.split(',').filter((part) => part.trim() !== ''))
	.pipe(z.array(entrySchema).min(1, { error: 'CREDENTIALS_ENCRYPTION_KEY has no keys' }))
	.superRefine((keys, ctx) => {
		// A deployment that started with one bare key has ciphertexts under the id `default` (it is
		// bound into the associated data), so rotating away from it lists that key explicitly as
		// `default:<base64>`. Only a bare entry among several is ambiguous.
		if (keys.length > 1 && keys.some((k) => k.bare)) {
			ctx.addIssue({
				code: 'custom',
				message:
					'when several keys are given, each needs an id (`id:base64`); a key used bare so far has the id "default": list it as `default:<base64>`'
			});
		}
		const seen = new Set<string>();
		for (const k of keys) {
			if (seen.has(k.id))
				ctx.addIssue({ code: 'custom', message: `key id "${k.id}" appears twice` });
			seen.add(k.id);
		}
	});

export class KeyringError extends Error {
	override readonly name = 'KeyringError';
}

export function parseKeyring(value: string | undefined): Keyring {
	const result = keyringSchema.safeParse(value);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => {
			const where = issue.path.length ? `entry ${Number(issue.path[0]) + 1}: ` : '';
			return `${where}${issue.message}`;
		});
		throw new KeyringError(
			`Invalid CREDENTIALS_ENCRYPTION_KEY (expected "keyId:base64Key32[,olderId:base64Key32…]"): ${problems.join('; ')}`
		);
	}
	const keys = result.data.map(({ id, key }) => ({ id, key }));
	return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}

let cached: { source: string | undefined; keyring: Keyring } | undefined;

/** The keyring from the environment, parsed once per distinct value. */
export function keyringFromEnv(env: Record<string, string | undefined> = process.env): Keyring {
	const source = env.CREDENTIALS_ENCRYPTION_KEY;
	if (!cached || cached.source !== source) cached = { source, keyring: parseKeyring(source) };
	return cached.keyring;
}
