// Bedrock API keys on bedrock and bedrock-runtime (`Authorization: Bearer <key>`), checked the
// way AWS checks them:
// - a long-term key (`ABSK…`) must be one IAM issued (configured on the control surface) and
//   not past its expiry;
// - a short-term key (`bedrock-api-key-` + base64 of a presigned `POST bedrock.amazonaws.com/
//   ?Action=CallWithBearerToken&X-Amz-…&Version=1` URL, as @aws/bedrock-token-generator makes
//   it) is valid while its presigned request is: the signature must verify against the signing
//   key's secret (and session token), and X-Amz-Date + X-Amz-Expires (and the signing key's own
//   expiry) must not have passed. It acts with the signing key's identity and permissions.
// Both need `bedrock:CallWithBearerToken`, then the operation's own action (checked by the router).
import type { Caller } from './context';
import * as errors from './errors';
import { isActionAllowed, type EmulatorKey, type KeyStore } from './keys';
import { apiKeyUserArn, LONG_TERM_PREFIX, SHORT_TERM_PREFIX, type ApiKeyStore } from './api-keys';
import {
	EMPTY_BODY_SHA256,
	canonicalRequest,
	computeSignature,
	parseAmzDate,
	signaturesMatch,
	stringToSign,
	type ParsedAuthorization
} from './sigv4';

export const BEARER_ACTION = 'bedrock:CallWithBearerToken';

function requireBearerPermission(key: EmulatorKey): void {
	if (!isActionAllowed(key, BEARER_ACTION)) throw errors.apiKeyInvalid();
}

export function authenticateBearer(token: string, keys: KeyStore, apiKeys: ApiKeyStore): Caller {
	if (token.startsWith(LONG_TERM_PREFIX)) return longTerm(token, apiKeys);
	if (token.startsWith(SHORT_TERM_PREFIX))
		return shortTerm(token.slice(SHORT_TERM_PREFIX.length), keys);
	throw errors.apiKeyFormat();
}

function longTerm(token: string, apiKeys: ApiKeyStore): Caller {
	const found = apiKeys.get(token);
	if (!found) throw errors.apiKeyInvalid();
	if (found.expiresAt !== undefined && found.expiresAt <= Date.now()) throw errors.apiKeyExpired();
	const key: EmulatorKey = {
		accessKeyId: '',
		secretAccessKey: '',
		accountId: found.accountId,
		userArn: apiKeyUserArn(found),
		allowedActions: found.allowedActions,
		modelAccess: found.modelAccess
	};
	requireBearerPermission(key);
	return { key, region: found.region, authScheme: 'bearer' };
}

interface PresignedRequest {
	host: string;
	path: string;
	/** The query as signed: every parameter except X-Amz-Signature and the appended Version. */
	signedQuery: string;
	params: URLSearchParams;
}

function decodePresigned(encoded: string): PresignedRequest | null {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
	const url = Buffer.from(encoded, 'base64').toString('utf8');
	const slash = url.indexOf('/');
	const q = url.indexOf('?');
	if (slash <= 0 || q < slash) return null;
	const rawQuery = url.slice(q + 1);
	const signedQuery = rawQuery
		.split('&')
		.filter((part) => !/^(Version|X-Amz-Signature)=/.test(part))
		.join('&');
	return {
		host: url.slice(0, slash),
		path: url.slice(slash, q),
		signedQuery,
		params: new URLSearchParams(rawQuery)
	};
}

function shortTerm(encoded: string, keys: KeyStore): Caller {
	const presigned = decodePresigned(encoded);
	const p = presigned?.params;
	if (!presigned || !p || p.get('Action') !== 'CallWithBearerToken' || p.get('Version') !== '1')
		throw errors.apiKeyInvalid();
	const credential = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(
		p.get('X-Amz-Credential') ?? ''
	);
	const amzDate = p.get('X-Amz-Date') ?? '';
	const expiresIn = Number(p.get('X-Amz-Expires'));
	const signature = p.get('X-Amz-Signature') ?? '';
	if (
		!credential ||
		p.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
		credential[4] !== 'bedrock' ||
		!/^[0-9a-f]{64}$/.test(signature) ||
		!Number.isInteger(expiresIn) ||
		Number.isNaN(parseAmzDate(amzDate))
	)
		throw errors.apiKeyInvalid();

	const key = keys.get(credential[1]!);
	if (!key) throw errors.apiKeyInvalid();
	if ((key.sessionToken ?? undefined) !== (p.get('X-Amz-Security-Token') ?? undefined))
		throw errors.apiKeyInvalid();

	const auth: ParsedAuthorization = {
		accessKeyId: credential[1]!,
		date: credential[2]!,
		region: credential[3]!,
		service: credential[4]!,
		signedHeaders: (p.get('X-Amz-SignedHeaders') ?? '').split(';'),
		signature
	};
	const canonical = canonicalRequest(
		'POST',
		presigned.path,
		presigned.signedQuery,
		(name) => (name === 'host' ? presigned.host : undefined),
		auth.signedHeaders,
		EMPTY_BODY_SHA256
	);
	const expected = computeSignature(
		key.secretAccessKey,
		auth,
		stringToSign(amzDate, auth, canonical)
	);
	if (!signaturesMatch(expected, signature)) throw errors.apiKeyInvalid();

	// The key lives as long as its presigned request, and never longer than the key that signed it.
	const now = Date.now();
	if (parseAmzDate(amzDate) + expiresIn * 1000 <= now) throw errors.apiKeyExpired();
	if (key.expiresAt !== undefined && key.expiresAt <= now) throw errors.apiKeyExpired();
	requireBearerPermission(key);
	return { key, region: auth.region, authScheme: 'bearer' };
}
