import { describe, expect, it } from 'vitest';
import { AwsCircuitOpenError } from '../../src/lib/server/aws/circuit';
import { describeAwsError, redactAwsMessage } from '../../src/lib/server/aws/errors';
import {
	findHintRow,
	HINTS,
	iamActionFrom,
	suggestedProfileIds
} from '../../src/lib/server/aws/hints';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';

const awsError = (name: string, message: string, status = 400) =>
	Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const nodeError = (code: string, message = `connect ${code}`) =>
	Object.assign(new Error(message), { code });

// One row per failure the issue names, with the real AWS messages (reference §4.3).
const cases: [string, unknown, string, string, RegExp][] = [
	[
		'role not assumable (untrusted, wrong external id or no such role)',
		awsError(
			'AccessDenied',
			'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/BedrockAccess',
			403
		),
		'assume_role_denied',
		'PRECONDITION_FAILED',
		/trust policy does not trust this account.*external ID is wrong or missing.*role does not exist/
	],
	[
		'caller may not call sts:AssumeRole',
		awsError(
			'AccessDenied',
			'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/BedrockAccess because no identity-based policy allows the sts:AssumeRole action',
			403
		),
		'assume_role_not_allowed',
		'PRECONDITION_FAILED',
		/not allowed to call sts:AssumeRole/
	],
	[
		'session duration above the role maximum',
		awsError(
			'ValidationError',
			'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
		),
		'assume_role_duration',
		'PRECONDITION_FAILED',
		/Maximum session duration/
	],
	[
		'no deployment identity',
		Object.assign(new Error('Could not load credentials from any providers'), {
			name: 'CredentialsProviderError'
		}),
		'deployment_identity_missing',
		'PRECONDITION_FAILED',
		/ASSUME_ROLE_SOURCE_ACCESS_KEY_ID/
	],
	[
		'expired Bedrock API key',
		awsError('UnauthorizedException', 'Authentication failed: The API Key has expired.', 403),
		'api_key_expired',
		'PRECONDITION_FAILED',
		/API key has expired/
	],
	[
		'unknown Bedrock API key',
		awsError(
			'UnauthorizedException',
			'Authentication failed: Please make sure your API Key is valid.',
			403
		),
		'api_key_invalid',
		'PRECONDITION_FAILED',
		/does not accept this Bedrock API key/
	],
	[
		'unknown key id',
		awsError(
			'UnrecognizedClientException',
			'The security token included in the request is invalid.',
			403
		),
		'unknown_key',
		'PRECONDITION_FAILED',
		/does not recognise the access key id AKIA…MPLE/
	],
	[
		'wrong secret',
		awsError(
			'InvalidSignatureException',
			'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
			403
		),
		'wrong_secret',
		'PRECONDITION_FAILED',
		/secret access key does not match/
	],
	[
		'wrong secret (S3-style name)',
		awsError('SignatureDoesNotMatch', 'The request signature we calculated does not match', 403),
		'wrong_secret',
		'PRECONDITION_FAILED',
		/Paste the secret again/
	],
	[
		'expired session token',
		awsError('ExpiredTokenException', 'The security token included in the request is expired', 403),
		'expired_token',
		'PRECONDITION_FAILED',
		/temporary credentials have expired/
	],
	[
		'expired token reported as unrecognised',
		awsError(
			'UnrecognizedClientException',
			'The security token included in the request is expired',
			403
		),
		'expired_token',
		'PRECONDITION_FAILED',
		/session token/
	],
	[
		'clock skew (signature expired)',
		awsError(
			'InvalidSignatureException',
			'Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)',
			403
		),
		'clock_skew',
		'PRECONDITION_FAILED',
		/clock/
	],
	[
		'clock skew (RequestTimeTooSkewed)',
		awsError(
			'RequestTimeTooSkewed',
			'The difference between the request time and the current time is too large.',
			403
		),
		'clock_skew',
		'PRECONDITION_FAILED',
		/NTP/
	],
	[
		'missing IAM permission',
		awsError(
			'AccessDeniedException',
			'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock:ListFoundationModels on resource: *',
			403
		),
		'missing_permission',
		'FORBIDDEN',
		/bedrock:ListFoundationModels/
	],
	[
		'a policy for inference-profile/* used on an application inference profile',
		awsError(
			'AccessDeniedException',
			'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456 because no identity-based policy allows the bedrock:InvokeModel action',
			403
		),
		'application_profile_permission',
		'FORBIDDEN',
		/does not cover application profiles/
	],
	[
		'model access not granted',
		awsError(
			'AccessDeniedException',
			"You don't have access to the model with the specified model ID.",
			403
		),
		'model_access',
		'FORBIDDEN',
		/Model access for "anthropic.claude-3-haiku-20240307-v1:0" has not been granted in us-east-1/
	],
	[
		'marketplace subscription missing',
		awsError(
			'AccessDeniedException',
			'Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.',
			403
		),
		'marketplace_access',
		'FORBIDDEN',
		/aws-marketplace:Subscribe/
	],
	[
		'region without Bedrock',
		awsError(
			'InvalidSignatureException',
			"Credential should be scoped to a valid region, not 'af-south-1'. ",
			403
		),
		'region_without_bedrock',
		'PRECONDITION_FAILED',
		/not offered in us-east-1.*region that offers Bedrock/
	],
	[
		'Bedrock endpoint not resolvable',
		nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND bedrock.af-south-1.amazonaws.com'),
		'endpoint_not_found',
		'BAD_GATEWAY',
		/cannot be resolved/
	],
	[
		'region not enabled for the account',
		awsError(
			'UnrecognizedClientException',
			'The security token included in the request is invalid: region is not enabled',
			403
		),
		'region_not_enabled',
		'PRECONDITION_FAILED',
		/not enabled for this AWS account/
	],
	[
		'model needs an inference profile',
		awsError(
			'ValidationException',
			'Invocation of model ID anthropic.claude-3-haiku-20240307-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.'
		),
		'inference_profile_required',
		'BAD_REQUEST',
		/us\.anthropic\.claude-3-haiku-20240307-v1:0, global\.anthropic/
	],
	[
		'invalid model identifier',
		awsError('ValidationException', 'The provided model identifier is invalid.'),
		'invalid_model_id',
		'BAD_REQUEST',
		/not a model id Bedrock knows/
	],
	[
		'legacy model',
		awsError(
			'ResourceNotFoundException',
			'Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days.',
			404
		),
		'legacy_model',
		'NOT_FOUND',
		/legacy model/
	],
	[
		'unknown model',
		awsError('ResourceNotFoundException', 'Model not found', 404),
		'model_not_found',
		'NOT_FOUND',
		/was not found in us-east-1/
	],
	[
		'circuit open (this server paused calls to the Region)',
		new AwsCircuitOpenError('bedrock-runtime', 'us-east-1', 7),
		'circuit_open',
		'SERVICE_UNAVAILABLE',
		/Recent calls to Amazon Bedrock in us-east-1 timed out or failed/
	],
	[
		'throttling',
		awsError('ThrottlingException', 'Too many requests, please wait before trying again.', 429),
		'throttled',
		'TOO_MANY_REQUESTS',
		/throttling/
	],
	[
		'quota exceeded',
		awsError('ServiceQuotaExceededException', 'Too many tokens per day'),
		'throttled',
		'TOO_MANY_REQUESTS',
		/quota increase/
	],
	[
		'SDK timeout',
		Object.assign(new Error('Stream timed out because of no activity for 60000 ms'), {
			name: 'TimeoutError'
		}),
		'timeout',
		'TIMEOUT',
		/timed out/
	],
	[
		'model timeout',
		awsError('ModelTimeoutException', 'Model has timed out in processing the request.', 408),
		'timeout',
		'TIMEOUT',
		/timed out/
	],
	[
		'connection refused',
		nodeError('ECONNREFUSED'),
		'network',
		'BAD_GATEWAY',
		/could not reach the AWS endpoint/
	],
	[
		'connection dropped before an answer (HTTP/2)',
		Object.assign(new Error('Unexpected error: http2 request did not get a response'), {
			name: 'TimeoutError'
		}),
		'connection_dropped',
		'BAD_GATEWAY',
		/dropped before an answer/
	],
	[
		'connection reset',
		nodeError('ECONNRESET'),
		'network',
		'BAD_GATEWAY',
		/connection refused or reset/
	],
	[
		'service unavailable',
		awsError('ServiceUnavailableException', 'Service Unavailable', 503),
		'service_unavailable',
		'SERVICE_UNAVAILABLE',
		/temporary problem/
	],
	[
		'internal server error',
		awsError('InternalServerException', 'Internal error', 500),
		'service_unavailable',
		'SERVICE_UNAVAILABLE',
		/Retry in a moment/
	],
	[
		'other validation error',
		awsError('ValidationException', 'Malformed input request: 2 schema violations found'),
		'invalid_request',
		'BAD_REQUEST',
		/refused the request as invalid/
	],
	[
		'something unknown',
		awsError('WeirdNewException', 'huh'),
		'unknown',
		'BAD_GATEWAY',
		/unexpected error/
	]
];

describe('AWS failure → hint table', () => {
	it.each(cases)('%s', (_label, err, rowId, code, hint) => {
		const failure = describeAwsError(err, {
			region: 'us-east-1',
			modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
			accessKeyIdMasked: 'AKIA…MPLE',
			iamAction: 'bedrock:InvokeModel'
		});
		expect(failure.hintId).toBe(rowId);
		expect(failure.code).toBe(code);
		expect(failure.hint).toMatch(hint);
		expect(failure.awsError).not.toBe('');
	});

	it('covers every row of the table with at least one case', () => {
		const covered = new Set(cases.map((c) => c[2]));
		for (const row of HINTS) expect(covered, `row ${row.id}`).toContain(row.id);
	});

	it('names the IAM action from the call when the message does not', () => {
		const failure = describeAwsError(awsError('AccessDeniedException', 'Access denied', 403), {
			iamAction: 'bedrock:GetFoundationModel'
		});
		expect(failure.hint).toContain('"Action": "bedrock:GetFoundationModel"');
	});

	it('prefers the inference profiles actually listed for the model', () => {
		expect(suggestedProfileIds({ modelId: 'm', profileIds: ['apac.m'] })).toEqual(['apac.m']);
		expect(suggestedProfileIds({ modelId: 'eu.m', region: 'eu-west-1' })).toEqual([
			'eu.m',
			'global.m'
		]);
		expect(iamActionFrom('not authorized to perform: bedrock:InvokeModelWithResponseStream')).toBe(
			'bedrock:InvokeModelWithResponseStream'
		);
	});

	it('marks throttling and outages retryable, credential problems not', () => {
		expect(findHintRow({ name: 'ThrottlingException', message: '' }).retryable).toBe(true);
		expect(findHintRow({ name: 'InvalidSignatureException', message: '' }).retryable).toBe(false);
	});
});

describe('redacting AWS messages', () => {
	it('drops the canonical request Bedrock appends to signature errors (it holds the session token)', () => {
		const token = 'IQoJb3JpZ2luX2VjSECRETTOKENVALUE';
		const message = `The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/model/x/invoke\n\nx-amz-security-token:${token}\n'`;
		const failure = describeAwsError(awsError('InvalidSignatureException', message, 403));
		expect(failure.message).toBe(
			'The request signature we calculated does not match the signature you provided.'
		);
		expect(failure.message).not.toContain(token);
	});

	it('removes known secrets, signatures and token headers anywhere in the text', () => {
		const secret = EXAMPLE_KEY_PAIR.secretAccessKey;
		const text = redactAwsMessage(
			`bad ${secret} x-amz-security-token: abc Signature=${'a'.repeat(64)}`,
			[secret]
		);
		expect(text).toBe('bad [redacted] x-amz-security-token: [redacted] Signature=[redacted]');
	});

	it('keeps messages short', () => {
		expect(redactAwsMessage('x'.repeat(1000)).length).toBeLessThanOrEqual(400);
	});
});

describe('the error funnel (src/lib/server/errors.ts)', () => {
	it('maps a raw AWS SDK error that escaped domain code to a redacted TRPCError with the hint', async () => {
		const { toTRPCError, appErrorDetails } = await import('../../src/lib/server/errors');
		await import('../../src/lib/server/aws/errors');
		const sdkError = Object.assign(
			new Error('Too many requests, please wait before trying again.'),
			{
				name: 'ThrottlingException',
				$metadata: { httpStatusCode: 429 },
				$fault: 'client'
			}
		);
		const mapped = toTRPCError(sdkError);
		expect(mapped.code).toBe('TOO_MANY_REQUESTS');
		expect(appErrorDetails(mapped.cause)).toMatchObject({
			awsError: 'ThrottlingException',
			hint: expect.stringMatching(/throttling/)
		});
	});
});
