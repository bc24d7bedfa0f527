/**
 * Local verification of Supabase access tokens (ES256 JWTs).
 *
 * Why local: asking the auth server about every request (`getUser()`) costs a network
 * round trip per request; the auth server publishes its public keys (JWKS), so the
 * signature, expiry, issuer and audience can be checked here. The trade-off, as with
 * Supabase's own `getClaims()`: a signed-out token stays valid until it expires.
 *
 * Pure apart from the key resolver it is given, so tests can use their own key pair.
 */
import {
	decodeJwt,
	decodeProtectedHeader,
	errors,
	jwtVerify,
	type JWSHeaderParameters
} from 'jose';
import { accessTokenClaimsSchema, type AccessTokenClaims } from './claims';

/** Returns the public key for a token header; throws `UnknownSigningKeyError` when none matches. */
export type KeyResolver = (header: JWSHeaderParameters) => Promise<CryptoKey>;

export class UnknownSigningKeyError extends Error {
	constructor(kid: string | undefined) {
		super(kid ? `No signing key with kid "${kid}"` : 'The token names no signing key (kid)');
		this.name = 'UnknownSigningKeyError';
	}
}

/** The key resolver could not load the keys (auth server unreachable); the token is not trusted. */
export class SigningKeysUnavailableError extends Error {
	constructor(cause: unknown) {
		super('The auth server signing keys could not be loaded', { cause });
		this.name = 'SigningKeysUnavailableError';
	}
}

export type VerifyFailure =
	| 'malformed'
	| 'keys_unavailable'
	| 'unsupported_alg'
	| 'unknown_key'
	| 'bad_signature'
	| 'expired'
	| 'not_yet_valid'
	| 'wrong_issuer'
	| 'wrong_audience'
	| 'not_authenticated_role'
	| 'anonymous_user'
	| 'invalid_claims';

export type VerifyResult =
	{ ok: true; claims: AccessTokenClaims } | { ok: false; reason: VerifyFailure };

export type VerifyOptions = {
	resolveKey: KeyResolver;
	/** `<supabase url>/auth/v1` */
	issuer: string;
	/** GoTrue's `GOTRUE_JWT_AUD`, `authenticated` unless configured otherwise. */
	audience?: string;
	/** For tests: the moment to check `exp`/`nbf` against. */
	currentDate?: Date;
};

// Supabase signs user tokens with ES256 when asymmetric keys are configured. HS256
// (shared secret) tokens cannot be checked without the secret and are refused.
const ALLOWED_ALGORITHMS = ['ES256'];

export async function verifyAccessToken(
	token: string,
	options: VerifyOptions
): Promise<VerifyResult> {
	let header: JWSHeaderParameters;
	try {
		header = decodeProtectedHeader(token);
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	// Checked before any key lookup so `alg: none` and HS256 never trigger a JWKS fetch.
	if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) {
		return { ok: false, reason: 'unsupported_alg' };
	}

	let payload: unknown;
	try {
		const verified = await jwtVerify(
			token,
			(protectedHeader) => options.resolveKey(protectedHeader),
			{
				algorithms: ALLOWED_ALGORITHMS,
				issuer: options.issuer,
				audience: options.audience ?? 'authenticated',
				requiredClaims: ['sub', 'exp', 'role'],
				currentDate: options.currentDate
			}
		);
		payload = verified.payload;
	} catch (error) {
		return { ok: false, reason: failureFrom(error) };
	}

	const parsed = accessTokenClaimsSchema.safeParse(payload);
	if (!parsed.success) return { ok: false, reason: 'invalid_claims' };
	// anon and service_role keys are JWTs signed by the same key: they must not sign anybody in.
	if (parsed.data.role !== 'authenticated') return { ok: false, reason: 'not_authenticated_role' };
	// Supabase anonymous sign-ins also get role "authenticated"; this app is for people with an
	// account (their AWS keys are stored against it), so they are refused by name.
	if (parsed.data.is_anonymous === true) return { ok: false, reason: 'anonymous_user' };
	return { ok: true, claims: parsed.data };
}

/**
 * The same checks, except that an expired token still passes: for deciding whether an expired
 * session cookie may be refreshed. A cookie whose token this auth server never signed must not
 * spend a refresh (each one is a call to Supabase Auth from this server's single IP).
 */
export async function verifyAccessTokenAllowingExpiry(
	token: string,
	options: VerifyOptions
): Promise<VerifyResult> {
	let exp: unknown;
	try {
		exp = decodeJwt(token).exp;
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	if (typeof exp !== 'number') return { ok: false, reason: 'invalid_claims' };
	const beforeExpiry = new Date((exp - 1) * 1000);
	const now = options.currentDate ?? new Date();
	return verifyAccessToken(token, {
		...options,
		currentDate: beforeExpiry < now ? beforeExpiry : now
	});
}

function failureFrom(error: unknown): VerifyFailure {
	if (error instanceof UnknownSigningKeyError) return 'unknown_key';
	if (error instanceof SigningKeysUnavailableError) return 'keys_unavailable';
	if (error instanceof errors.JWTExpired) return 'expired';
	if (error instanceof errors.JWTClaimValidationFailed) {
		if (error.claim === 'iss') return 'wrong_issuer';
		if (error.claim === 'aud') return 'wrong_audience';
		if (error.claim === 'nbf' || error.claim === 'iat') return 'not_yet_valid';
		return 'invalid_claims';
	}
	if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
	if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
		return 'unsupported_alg';
	if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
	// JWSInvalid, JWTInvalid and other decoding errors.
	return 'malformed';
}
