// Authentication as AWS's front door does it: which key signed the request, is the signature
// right for exactly what was sent, is the temporary key's session token there, is the clock close.
import type { Exchange } from './exchange';
import type { KeyStore } from './keys';
import type { ApiKeyStore } from './api-keys';
import { authenticateBearer } from './bearer-auth';
import type { Caller } from './context';
import * as errors from './errors';
import { AwsError } from './errors';
import {
	EMPTY_BODY_SHA256,
	canonicalRequest,
	computeSignature,
	formatAmzDate,
	parseAmzDate,
	parseAuthorization,
	sha256Hex,
	signaturesMatch,
	stringToSign
} from './sigv4';

const MAX_SKEW_MS = 5 * 60 * 1000;

function incompleteSignature(message: string) {
	return new AwsError(
		'IncompleteSignatureException',
		400,
		message,
		{},
		'http://internal.amazon.com/coral/com.amazon.coral.service/'
	);
}

function checkClock(amzDateValue: string, now: number): void {
	const at = parseAmzDate(amzDateValue);
	if (Number.isNaN(at))
		throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${amzDateValue}'.`);
	if (at < now - MAX_SKEW_MS) {
		throw errors.invalidSignature(
			`Signature expired: ${formatAmzDate(at)} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`
		);
	}
	if (at > now + MAX_SKEW_MS) {
		throw errors.invalidSignature(
			`Signature not yet current: ${formatAmzDate(at)} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`
		);
	}
}

/**
 * Verifies the request's SigV4 signature for `expectedService`, or (Bedrock only) its Bedrock
 * API key; returns who signed it. STS takes no API keys: a bearer header there fails SigV4
 * parsing, as AWS's front door answers any Authorization header that is not SigV4.
 */
export function authenticate(
	ex: Exchange,
	expectedService: string,
	keys: KeyStore,
	apiKeys?: ApiKeyStore
): Caller {
	const authorization = ex.header('authorization');
	if (!authorization) throw errors.missingAuthenticationToken();
	const bearer = /^Bearer\s+(.*)$/i.exec(authorization);
	if (bearer && expectedService === 'bedrock' && apiKeys)
		return authenticateBearer(bearer[1]!.trim(), keys, apiKeys);

	const auth = parseAuthorization(authorization);
	if (!auth) {
		throw incompleteSignature(
			"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
		);
	}

	const key = keys.get(auth.accessKeyId);
	if (!key) throw errors.unrecognizedClient();
	// A temporary key is only valid together with its own session token (and a long-term key with none).
	const token = ex.header('x-amz-security-token');
	if ((key.sessionToken ?? undefined) !== (token || undefined)) throw errors.unrecognizedClient();
	if (key.expiresAt !== undefined && key.expiresAt <= Date.now()) throw errors.expiredToken();

	if (auth.service !== expectedService) {
		throw errors.invalidSignature(
			`Credential should be scoped to correct service: '${expectedService}'. `
		);
	}
	if (!auth.signedHeaders.includes('host') && !auth.signedHeaders.includes(':authority')) {
		throw errors.invalidSignature(
			"'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
		);
	}

	const dateHeader = ex.header('x-amz-date') !== undefined ? 'x-amz-date' : 'date';
	const amzDate = ex.header(dateHeader);
	if (!amzDate)
		throw incompleteSignature(
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
		);
	checkClock(amzDate, Date.now());
	const dateStamp = formatAmzDate(parseAmzDate(amzDate)).slice(0, 8);
	if (dateStamp !== auth.date) {
		throw errors.invalidSignature(
			`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${dateStamp}', from '${dateHeader}'.`
		);
	}

	// The payload hash is the body's real hash; a client may opt out with UNSIGNED-PAYLOAD.
	const declared = ex.header('x-amz-content-sha256');
	const actual = ex.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(ex.body);
	const payloadHash = declared === 'UNSIGNED-PAYLOAD' ? declared : actual;

	const canonical = canonicalRequest(
		ex.method,
		ex.rawPath,
		ex.rawQuery,
		(n) => ex.header(n),
		auth.signedHeaders,
		payloadHash
	);
	const toSign = stringToSign(amzDate, auth, canonical);
	const expected = computeSignature(key.secretAccessKey, auth, toSign);
	if (!signaturesMatch(expected, auth.signature)) throw errors.signatureMismatch(canonical, toSign);

	return { key, region: auth.region, authScheme: 'sigv4' };
}
