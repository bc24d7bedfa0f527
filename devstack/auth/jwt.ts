/**
 * Signing and verifying the server's JWTs (access tokens and the API keys).
 *
 * Verification is strict like GoTrue's parseJWTClaims: only ES256 is accepted (so `alg: none`
 * and HS256 forgeries fail), a `kid` must name our key, and `exp` is enforced. Failures carry
 * GoTrue's 403 `bad_jwt` with its "invalid JWT: unable to parse or verify signature, …" text.
 */
import { errors, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { forbidden } from './errors';
import { SIGNING_ALGORITHM, type AuthKeys } from './keys';

export interface AccessTokenClaims extends JWTPayload {
	iss: string;
	sub: string;
	aud: string;
	exp: number;
	iat: number;
	email: string;
	phone: string;
	app_metadata: Record<string, unknown>;
	user_metadata: Record<string, unknown>;
	role: string;
	aal: string;
	amr: { method: string; timestamp: number }[];
	session_id: string;
	is_anonymous: boolean;
}

export interface JwtCodec {
	signAccessToken(claims: AccessTokenClaims): Promise<string>;
	/** Verified claims, or a 403 `bad_jwt` error. */
	verify(token: string): Promise<JWTPayload>;
}

export async function createJwtCodec(keys: AuthKeys): Promise<JwtCodec> {
	const privateKey = (await importJWK(keys.privateJwk, SIGNING_ALGORITHM)) as CryptoKey;
	const publicKey = (await importJWK(keys.publicJwk, SIGNING_ALGORITHM)) as CryptoKey;

	return {
		signAccessToken(claims) {
			// Claims in GoTrue's order (iss, sub, aud, exp, iat, email, …) for identical payloads.
			return new SignJWT(claims)
				.setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: keys.kid, typ: 'JWT' })
				.sign(privateKey);
		},

		async verify(token) {
			try {
				const { payload } = await jwtVerify(
					token,
					(header) => {
						if (header.kid !== undefined && header.kid !== keys.kid) {
							throw new Error(`no signing key found for kid "${header.kid}"`);
						}
						return publicKey;
					},
					{ algorithms: [SIGNING_ALGORITHM] }
				);
				return payload;
			} catch (error) {
				throw forbidden(
					'bad_jwt',
					`invalid JWT: unable to parse or verify signature, ${describeJwtFailure(error)}`
				);
			}
		}
	};
}

/** The golang-jwt wording GoTrue's messages carry, so logs read the same. */
function describeJwtFailure(error: unknown): string {
	if (error instanceof errors.JWTExpired) return 'token has invalid claims: token is expired';
	if (error instanceof errors.JWTClaimValidationFailed) {
		return `token has invalid claims: ${error.message}`;
	}
	if (error instanceof errors.JOSEAlgNotAllowed)
		return 'token signature is invalid: signing method not allowed';
	if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
	if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
		return 'token is malformed';
	return error instanceof Error ? error.message : 'token is unverifiable';
}
