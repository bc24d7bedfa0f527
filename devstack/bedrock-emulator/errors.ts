// AWS error shapes and the exact messages Bedrock and its auth layer send, so that the real SDKs
// raise the same named exceptions (with the same text) against the emulator as against AWS.
// Sources: /work/shared/reference/bedrock-wire.md §4 (status codes, header format, real messages).

const BEDROCK_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';
const AUTH_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.coral.service/';

export class AwsError extends Error {
	constructor(
		readonly code: string,
		readonly status: number,
		message: string,
		/** Extra modeled members placed next to `message` in the body (e.g. originalStatusCode). */
		readonly extra: Record<string, unknown> = {},
		readonly namespace: string = BEDROCK_NAMESPACE
	) {
		super(message);
		this.name = code;
	}

	/** The REST-JSON wire form: `x-amzn-ErrorType` header plus `{"message": ...}` body. */
	toRestJson(): { status: number; headers: Record<string, string>; body: string } {
		return {
			status: this.status,
			headers: {
				'content-type': 'application/json',
				'x-amzn-errortype': `${this.code}:${this.namespace}`
			},
			body: JSON.stringify({ message: this.message, ...this.extra })
		};
	}
}

// --- Bedrock service errors -------------------------------------------------------------------

export const validation = (message: string) => new AwsError('ValidationException', 400, message);

export const invalidModelIdentifier = () => validation('The provided model identifier is invalid.');

/** AWS's wording, typographic apostrophe included (users grep for it). */
export const onDemandNotSupported = (modelId: string) =>
	validation(
		`Invocation of model ID ${modelId} with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`
	);

export const malformedInput = (detail?: string) =>
	validation(
		detail
			? `Malformed input request: ${detail}, please reformat your input and try again.`
			: 'Malformed input request, please reformat your input and try again.'
	);

export const streamingUnsupported = () => validation('The model is unsupported for streaming');

export const operationUnsupportedForModel = () =>
	validation(
		"This action doesn't support the model that you provided. Try again with a supported text or chat model."
	);

export const modelAccessDenied = () =>
	new AwsError(
		'AccessDeniedException',
		403,
		"You don't have access to the model with the specified model ID."
	);

/** IAM's identity-policy denial, as IAM words it for any AWS service. */
export const actionNotAuthorized = (userArn: string, action: string, resource: string) =>
	new AwsError(
		'AccessDeniedException',
		403,
		`User: ${userArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`
	);

export const resourceNotFound = (message: string) =>
	new AwsError('ResourceNotFoundException', 404, message);

export const conflict = (message: string) => new AwsError('ConflictException', 400, message);

export const throttling = (message = 'Too many requests, please wait before trying again.') =>
	new AwsError('ThrottlingException', 429, message);

export const serviceUnavailable = (message = 'Bedrock is unable to process your request.') =>
	new AwsError('ServiceUnavailableException', 503, message);

export const internalServer = (
	message = 'The system encountered an unexpected error during processing. Try your request again.'
) => new AwsError('InternalServerException', 500, message);

export const modelTimeout = (
	message = 'Model has timed out in processing the request. Try your request again.'
) => new AwsError('ModelTimeoutException', 408, message);

export const modelStreamError = (message = 'Model Stream Error') =>
	new AwsError('ModelStreamErrorException', 424, message, {
		originalStatusCode: 500,
		originalMessage: 'The model stream failed.'
	});

export const unknownOperation = () =>
	new AwsError('UnknownOperationException', 404, 'Unknown operation', {}, AUTH_NAMESPACE);

// --- Authentication errors (answered by AWS's front door, before the service) ----------------

export const unrecognizedClient = () =>
	new AwsError(
		'UnrecognizedClientException',
		403,
		'The security token included in the request is invalid.',
		{},
		AUTH_NAMESPACE
	);

export const missingAuthenticationToken = () =>
	new AwsError(
		'MissingAuthenticationTokenException',
		403,
		'Missing Authentication Token',
		{},
		AUTH_NAMESPACE
	);

export const invalidSignature = (message: string) =>
	new AwsError('InvalidSignatureException', 403, message, {}, AUTH_NAMESPACE);

export const signatureMismatch = (canonicalRequest: string, stringToSign: string) =>
	invalidSignature(
		'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
			`\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`
	);

export const expiredToken = () =>
	new AwsError(
		'ExpiredTokenException',
		403,
		'The security token included in the request is expired',
		{},
		AUTH_NAMESPACE
	);

/**
 * Bedrock API key (bearer) refusals. AWS's body spells the member `Message` (capital M,
 * bedrock-wire.md §4.3); the SDK reads `message ?? Message`, so both parse the same.
 */
class BearerError extends AwsError {
	override toRestJson() {
		const wire = super.toRestJson();
		return { ...wire, body: JSON.stringify({ Message: this.message }) };
	}
}

export const apiKeyInvalid = () =>
	new BearerError(
		'UnauthorizedException',
		403,
		'Authentication failed: Please make sure your API Key is valid.',
		{},
		AUTH_NAMESPACE
	);

export const apiKeyFormat = () =>
	new BearerError(
		'UnauthorizedException',
		403,
		'Invalid API Key format: Must start with pre-defined prefix',
		{},
		AUTH_NAMESPACE
	);

/** Not captured from AWS: composed in the style of the captured refusals (see README). */
export const apiKeyExpired = () =>
	new BearerError(
		'UnauthorizedException',
		403,
		'Authentication failed: The API Key has expired.',
		{},
		AUTH_NAMESPACE
	);
