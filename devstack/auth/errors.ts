/**
 * GoTrue's error contract, reproduced because auth-js turns these bodies into typed errors
 * (AuthApiError.code, AuthWeakPasswordError, AuthSessionMissingError) that the app branches on.
 *
 * GoTrue (internal/api/errors.go, HandleResponseError) picks the body shape from the request's
 * `X-Supabase-Api-Version` header:
 * - >= 2024-01-01 (auth-js always sends it): `{ code: "<error_code>", message }`, and the
 *   header is echoed so the client knows how to read `code`;
 * - absent (legacy clients, curl): `{ code: <http status>, error_code, msg }`.
 * OAuth-style errors (`refresh_token required`) are `{ error, error_description }` either way.
 */

export const API_VERSION_HEADER = 'x-supabase-api-version';
export const API_VERSION_2024_01_01 = '2024-01-01';

/** The string codes from GoTrue's apierrors/errorcode.go that this subset can produce. */
export type AuthErrorCode =
	| 'unexpected_failure'
	| 'validation_failed'
	| 'bad_json'
	| 'email_exists'
	| 'phone_exists'
	| 'bad_jwt'
	| 'not_admin'
	| 'no_authorization'
	| 'user_not_found'
	| 'session_not_found'
	| 'session_expired'
	| 'refresh_token_not_found'
	| 'refresh_token_already_used'
	| 'user_banned'
	| 'user_already_exists'
	| 'email_provider_disabled'
	| 'phone_provider_disabled'
	| 'anonymous_provider_disabled'
	| 'email_not_confirmed'
	| 'same_password'
	| 'weak_password'
	| 'invalid_credentials'
	| 'conflict'
	| 'not_found';

/** An error GoTrue would answer with its HTTPError type. */
export class AuthApiHttpError extends Error {
	constructor(
		readonly status: number,
		readonly errorCode: AuthErrorCode,
		message: string,
		/** Extra top-level body fields, e.g. `weak_password: { reasons }`. */
		readonly extra: Record<string, unknown> = {}
	) {
		super(message);
		this.name = 'AuthApiHttpError';
	}
}

/** GoTrue's OAuthError: `{ error, error_description }`, always 400. */
export class AuthOAuthError extends Error {
	constructor(
		readonly error: string,
		readonly description: string
	) {
		super(description);
		this.name = 'AuthOAuthError';
	}
}

export const badRequest = (code: AuthErrorCode, message: string) =>
	new AuthApiHttpError(400, code, message);
export const unauthorized = (code: AuthErrorCode, message: string) =>
	new AuthApiHttpError(401, code, message);
export const forbidden = (code: AuthErrorCode, message: string) =>
	new AuthApiHttpError(403, code, message);
export const notFound = (code: AuthErrorCode, message: string) =>
	new AuthApiHttpError(404, code, message);
export const unprocessable = (code: AuthErrorCode, message: string) =>
	new AuthApiHttpError(422, code, message);

export function weakPasswordError(message: string, reasons: string[]): AuthApiHttpError {
	return new AuthApiHttpError(422, 'weak_password', message, { weak_password: { reasons } });
}

export interface SerializedError {
	status: number;
	headers: Record<string, string>;
	body: Record<string, unknown>;
}

/**
 * Builds the response for an error thrown by a handler. Anything that is not one of our typed
 * errors is a bug or a database failure: it becomes GoTrue's generic 500 and the caller logs it.
 */
export function serializeError(
	error: unknown,
	requestApiVersion: string | undefined
): SerializedError {
	const versioned = isVersion20240101OrLater(requestApiVersion);
	const headers: Record<string, string> = {};
	if (versioned) headers[API_VERSION_HEADER] = API_VERSION_2024_01_01;

	if (error instanceof AuthOAuthError) {
		return {
			status: 400,
			headers,
			body: { error: error.error, error_description: error.description }
		};
	}

	const httpError =
		error instanceof AuthApiHttpError
			? error
			: new AuthApiHttpError(
					500,
					'unexpected_failure',
					'Unexpected failure, please check server logs for more information'
				);
	headers['x-sb-error-code'] = httpError.errorCode;
	const body = versioned
		? { code: httpError.errorCode, message: httpError.message, ...httpError.extra }
		: {
				code: httpError.status,
				error_code: httpError.errorCode,
				msg: httpError.message,
				...httpError.extra
			};
	return { status: httpError.status, headers, body };
}

/** GoTrue accepts dates like `2024-01-01`; anything unparsable falls back to the initial version. */
function isVersion20240101OrLater(value: string | undefined): boolean {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	return value >= API_VERSION_2024_01_01;
}
