// STS GetCallerIdentity (AWS query protocol, XML answer): the app's connection test asks it who a
// key belongs to. Errors use STS's own codes (InvalidClientTokenId, SignatureDoesNotMatch).
import { createHash } from 'node:crypto';
import type { OperationRequest } from './context';
import { AwsError } from './errors';
import type { EmulatorKey } from './keys';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** IAM unique ids look like AIDA…/AROA… plus 17 characters; derive a stable one per key. */
function userId(key: EmulatorKey): string {
	const suffix = createHash('sha256')
		.update(key.accessKeyId)
		.digest('hex')
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, '')
		.slice(0, 17);
	const assumed = /:assumed-role\/[^/]+\/(.+)$/.exec(key.userArn);
	return assumed ? `AROA${suffix}:${assumed[1]}` : `AIDA${suffix}`;
}

export function getCallerIdentity(op: OperationRequest): void {
	const { key } = op.caller;
	const xml =
		`<GetCallerIdentityResponse xmlns="${NS}">\n` +
		`  <GetCallerIdentityResult>\n` +
		`    <Arn>${xmlEscape(key.userArn)}</Arn>\n` +
		`    <UserId>${xmlEscape(userId(key))}</UserId>\n` +
		`    <Account>${xmlEscape(key.accountId)}</Account>\n` +
		`  </GetCallerIdentityResult>\n` +
		`  <ResponseMetadata>\n    <RequestId>${op.ex.requestId}</RequestId>\n  </ResponseMetadata>\n` +
		`</GetCallerIdentityResponse>\n`;
	op.ex.send(200, { 'content-type': 'text/xml' }, xml);
}

const STS_CODES: Record<string, { code: string; status?: number; message?: string }> = {
	UnrecognizedClientException: { code: 'InvalidClientTokenId' },
	ExpiredTokenException: { code: 'ExpiredToken' },
	InvalidSignatureException: { code: 'SignatureDoesNotMatch' },
	MissingAuthenticationTokenException: {
		code: 'MissingAuthenticationToken',
		message: 'Request is missing Authentication Token'
	},
	IncompleteSignatureException: { code: 'IncompleteSignature' },
	ThrottlingException: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
	InternalServerException: { code: 'InternalFailure' },
	ServiceUnavailableException: { code: 'ServiceUnavailable' },
	UnknownOperationException: { code: 'InvalidAction' }
};

/** The query protocol's error document for an error raised while serving STS. */
export function stsErrorResponse(
	err: AwsError,
	requestId: string
): { status: number; headers: Record<string, string>; body: string } {
	const mapped = STS_CODES[err.code] ?? { code: err.code };
	const status = mapped.status ?? err.status;
	const type = status >= 500 ? 'Receiver' : 'Sender';
	const body =
		`<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${mapped.code}</Code>\n` +
		`    <Message>${xmlEscape(mapped.message ?? err.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
	return { status, headers: { 'content-type': 'text/xml' }, body };
}

export const unknownStsAction = (action: string) =>
	new AwsError('InvalidAction', 400, `Could not find operation ${action} for version 2011-06-15`);
