/**
 * Signing keys and API keys for the local auth server.
 *
 * Why ES256 with a `kid`: auth-js `getClaims()` verifies asymmetric tokens locally against
 * `/.well-known/jwks.json` and only falls back to a `GET /user` round-trip for HS256 or
 * kid-less tokens, so this matches a current Supabase project with asymmetric signing keys.
 *
 * The anon and service_role API keys are long-lived JWTs with a `role` claim, like the legacy
 * Supabase keys (the CLI's are `{ iss: "supabase-demo", role, exp }`), signed with the same key.
 * Everything is persisted to `<dir>/auth-keys.json` (mode 0600: it holds the private key) so a
 * second `npm run dev` keeps issued sessions and the keys already written to `.devstack/env`.
 */
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const SIGNING_ALGORITHM = 'ES256';
const KEYS_FILE = 'auth-keys.json';
const DEFAULT_API_KEY_ISSUER = 'supabase-demo';
const API_KEY_LIFETIME_SECONDS = 10 * 365 * 24 * 60 * 60;

export interface AuthKeys {
	/** Key id put in every JWT header and in the JWKS. */
	kid: string;
	/** Private P-256 JWK (with `d`). Never published. */
	privateJwk: JWK;
	/** Public JWK as served at `/.well-known/jwks.json`. */
	publicJwk: JWK;
	/** JWT with `role: "anon"`: what `PUBLIC_SUPABASE_ANON_KEY` holds. */
	anonKey: string;
	/** JWT with `role: "service_role"`: admin access to `/auth/v1/admin/*`. Server-side only. */
	serviceRoleKey: string;
	/** `iss` of the two API keys. */
	apiKeyIssuer: string;
}

export interface LoadAuthKeysOptions {
	/** `iss` for the anon/service_role keys (default `supabase-demo`, as the Supabase CLI). */
	apiKeyIssuer?: string;
}

/**
 * Returns the keys stored in `dir/auth-keys.json`, creating and saving them when missing.
 * Without `dir` the keys live only in memory (tests).
 */
export async function loadOrCreateAuthKeys(
	dir?: string,
	options: LoadAuthKeysOptions = {}
): Promise<AuthKeys> {
	const apiKeyIssuer = options.apiKeyIssuer ?? DEFAULT_API_KEY_ISSUER;
	const file = dir ? path.join(dir, KEYS_FILE) : undefined;

	const stored = file ? await readStoredKeys(file) : undefined;
	if (stored && stored.apiKeyIssuer === apiKeyIssuer) return stored;

	// A different issuer only re-mints the API keys; the signing key (and sessions) stay.
	const keys = stored
		? {
				...stored,
				apiKeyIssuer,
				...(await mintApiKeys(stored.privateJwk, stored.kid, apiKeyIssuer))
			}
		: await createKeys(apiKeyIssuer);
	if (file) await saveKeys(file, keys);
	return keys;
}

async function createKeys(apiKeyIssuer: string): Promise<AuthKeys> {
	const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
	const kid = randomUUID();
	const privateJwk: JWK = {
		...(await exportJWK(privateKey)),
		kid,
		alg: SIGNING_ALGORITHM,
		use: 'sig'
	};
	const publicJwk = toPublicJwk(await exportJWK(publicKey), kid);
	return {
		kid,
		privateJwk,
		publicJwk,
		apiKeyIssuer,
		...(await mintApiKeys(privateJwk, kid, apiKeyIssuer))
	};
}

/** Field set of the Supabase CLI's `ToPublicJWK` (no private part, `key_ops: ["verify"]`). */
function toPublicJwk(jwk: JWK, kid: string): JWK {
	return {
		kty: jwk.kty,
		kid,
		use: 'sig',
		alg: SIGNING_ALGORITHM,
		key_ops: ['verify'],
		ext: true,
		crv: jwk.crv,
		x: jwk.x,
		y: jwk.y
	};
}

async function mintApiKeys(
	privateJwk: JWK,
	kid: string,
	issuer: string
): Promise<Pick<AuthKeys, 'anonKey' | 'serviceRoleKey'>> {
	const key = await importJWK(privateJwk, SIGNING_ALGORITHM);
	const issuedAt = Math.floor(Date.now() / 1000);
	const mint = (role: 'anon' | 'service_role') =>
		new SignJWT({ iss: issuer, role, iat: issuedAt, exp: issuedAt + API_KEY_LIFETIME_SECONDS })
			.setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: 'JWT' })
			.sign(key);
	return { anonKey: await mint('anon'), serviceRoleKey: await mint('service_role') };
}

async function readStoredKeys(file: string): Promise<AuthKeys | undefined> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	let parsed: Partial<AuthKeys>;
	try {
		parsed = JSON.parse(text) as Partial<AuthKeys>;
	} catch {
		throw new Error(`${file} is not valid JSON. Delete it to create new auth keys.`);
	}
	const complete =
		typeof parsed.kid === 'string' &&
		parsed.privateJwk?.d &&
		parsed.publicJwk?.x &&
		typeof parsed.anonKey === 'string' &&
		typeof parsed.serviceRoleKey === 'string';
	if (!complete) {
		throw new Error(`${file} is incomplete. Delete it to create new auth keys.`);
	}
	return { ...(parsed as AuthKeys), apiKeyIssuer: parsed.apiKeyIssuer ?? DEFAULT_API_KEY_ISSUER };
}

async function saveKeys(file: string, keys: AuthKeys): Promise<void> {
	await mkdir(path.dirname(file), { recursive: true });
	const temporary = `${file}.${process.pid}.tmp`;
	await writeFile(temporary, JSON.stringify(keys, null, '\t') + '\n', { mode: 0o600 });
	await rename(temporary, file);
}
