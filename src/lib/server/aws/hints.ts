/**
 * What each AWS failure means for the person holding the keys, and what to do about it.
 *
 * A plain table, matched top to bottom (first match wins), so that every row can be read,
 * reviewed and unit-tested on its own. `code` is the tRPC error code the API answers with;
 * credential problems are PRECONDITION_FAILED, not UNAUTHORIZED, because the app session is
 * fine — it is the stored AWS key that needs fixing.
 */
import { inferenceProfilePrefixesFor } from '../../schemas/regions';

export type HintCode =
	| 'BAD_REQUEST'
	| 'FORBIDDEN'
	| 'NOT_FOUND'
	| 'PRECONDITION_FAILED'
	| 'TOO_MANY_REQUESTS'
	| 'TIMEOUT'
	| 'BAD_GATEWAY'
	| 'SERVICE_UNAVAILABLE';

/** What is known about the call that failed, to make the hint specific. */
export interface HintContext {
	region?: string;
	modelId?: string;
	/** The IAM action the failed call needed, e.g. `bedrock:ListFoundationModels`. */
	iamAction?: string;
	accessKeyIdMasked?: string;
	/** Inference profiles known to serve `modelId` in `region`. */
	profileIds?: string[];
	/** assume_role credentials: the role, the masked external ID and who assumes it. */
	roleArn?: string;
	externalIdMasked?: string;
	assumeVia?: 'deployment' | 'access_key';
}

export interface FailureFacts {
	/** AWS error name (`UnrecognizedClientException`) or Node error code (`ECONNREFUSED`). */
	name: string;
	message: string;
}

export interface HintRow {
	id: string;
	names: readonly string[];
	/** When set, the message must also match. */
	message?: RegExp;
	code: HintCode;
	retryable: boolean;
	hint: (ctx: HintContext, facts: FailureFacts) => string;
}

const inRegion = (ctx: HintContext) => (ctx.region ? ` in ${ctx.region}` : '');
const theModel = (ctx: HintContext) => (ctx.modelId ? `"${ctx.modelId}"` : 'this model');

/** The IAM action named in an AccessDenied message, else the one the call needed. */
export function iamActionFrom(message: string, fallback?: string): string | undefined {
	const m = /perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message);
	return m?.[1] ?? fallback;
}

export function suggestedProfileIds(ctx: HintContext): string[] {
	if (ctx.profileIds && ctx.profileIds.length > 0) return ctx.profileIds;
	if (!ctx.modelId) return [];
	const base = ctx.modelId.replace(/^(us|eu|apac|global|us-gov)\./, '');
	const prefixes = ctx.region
		? inferenceProfilePrefixesFor(ctx.region)
		: ['us', 'eu', 'apac', 'global'];
	return prefixes.map((p) => `${p}.${base}`);
}

/** Node's and the SDK's names for a connection refused, reset or unreachable. */
export const NETWORK_NAMES = [
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN',
	'NetworkingError'
] as const;

const theRole = (ctx: HintContext) => (ctx.roleArn ? ` ${ctx.roleArn}` : '');
const assumer = (ctx: HintContext) =>
	ctx.assumeVia === 'deployment'
		? 'this deployment’s AWS identity'
		: ctx.assumeVia === 'access_key'
			? `your key${ctx.accessKeyIdMasked ? ` ${ctx.accessKeyIdMasked}` : ''}`
			: 'the calling identity';

/** Role assumption and Bedrock API keys: checked before the general rows (their names overlap). */
const CREDENTIAL_KIND_HINTS: readonly HintRow[] = [
	{
		// AWS gives the same AccessDenied for all three, so that a caller cannot probe roles.
		id: 'assume_role_denied',
		names: ['AccessDenied'],
		message: /sts:AssumeRole(?! action)(?!.*identity-based policy)/,
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: (ctx) =>
			`AWS did not let ${assumer(ctx)} assume the role${theRole(ctx)}. AWS gives the same answer for three causes, check each: (1) the role's trust policy does not trust this account (its Principal must be the one shown with the trust policy on the credentials page); (2) the external ID is wrong or missing (the trust policy's sts:ExternalId condition must be exactly your external ID${ctx.externalIdMasked ? ` ${ctx.externalIdMasked}` : ''}); (3) the role does not exist (check the account id and role name in the ARN). Paste the trust policy shown on the credentials page into the role's Trust relationships.`
	},
	{
		id: 'assume_role_not_allowed',
		names: ['AccessDenied'],
		message: /sts:AssumeRole/,
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: (ctx) =>
			`${assumer(ctx).replace(/^./, (c) => c.toUpperCase())} is not allowed to call sts:AssumeRole. Attach a policy allowing "sts:AssumeRole" on${theRole(ctx) || ' the role'} to that identity.`
	},
	{
		id: 'assume_role_duration',
		names: ['ValidationError'],
		message: /DurationSeconds|durationSeconds/,
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: () =>
			'The session duration does not fit the role: choose 900 to 3600 seconds, or raise the role’s Maximum session duration in IAM (role chaining is always capped at one hour).'
	},
	{
		id: 'deployment_identity_missing',
		names: ['CredentialsProviderError'],
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: () =>
			'This deployment has no AWS identity to assume roles with. The operator must set ASSUME_ROLE_SOURCE_ACCESS_KEY_ID and ASSUME_ROLE_SOURCE_SECRET_ACCESS_KEY (or give the host an instance or task role); until then, choose “My own access key” to assume the role.'
	},
	{
		id: 'api_key_expired',
		names: ['UnauthorizedException', 'ExpiredTokenException'],
		message: /API Key has expired|api key.*expired/i,
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: () =>
			'The Bedrock API key has expired. Generate a new one in the Bedrock console (API keys; short-term keys last at most 12 hours) and save it here.'
	},
	{
		id: 'api_key_invalid',
		names: ['UnauthorizedException'],
		message: /API Key/i,
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: () =>
			'AWS does not accept this Bedrock API key: it may have been deleted or deactivated, mistyped, or (short-term keys) its IAM identity lost bedrock:CallWithBearerToken. Paste the whole key again, or generate a new one.'
	}
];

export const HINTS: readonly HintRow[] = [
	...CREDENTIAL_KIND_HINTS,
	{
		id: 'clock_skew',
		names: [
			'InvalidSignatureException',
			'SignatureDoesNotMatch',
			'RequestTimeTooSkewed',
			'RequestExpired'
		],
		message: /signature expired|not yet current|skew|request time|request has expired/i,
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: () =>
			"AWS rejected the request time: this server's clock differs from AWS's by more than 5 minutes. Synchronise the server clock (NTP) and try again; the keys themselves may be fine."
	},
	{
		id: 'expired_token',
		names: [
			'ExpiredTokenException',
			'ExpiredToken',
			'TokenRefreshRequired',
			'UnrecognizedClientException'
		],
		message: /expired/i,
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: () =>
			'The temporary credentials have expired. Get a fresh access key id, secret and session token (for example `aws sts get-session-token` or your SSO portal) and save them again.'
	},
	{
		// AWS answers a request signed for a region it does not serve with a signature error.
		id: 'region_without_bedrock',
		names: ['InvalidSignatureException', 'SignatureDoesNotMatch', 'UnrecognizedClientException'],
		message: /scoped to a valid region|not a valid region|region .* not (supported|available)/i,
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: (ctx) =>
			`Amazon Bedrock is not offered${inRegion(ctx)}. Choose a region that offers Bedrock (for example us-east-1, us-west-2 or eu-central-1) and save the credentials again; the keys themselves were not the problem.`
	},
	{
		id: 'endpoint_not_found',
		names: ['ENOTFOUND', 'UnknownEndpoint', 'RegionNotSupported', 'EndpointError'],
		code: 'BAD_GATEWAY',
		retryable: false,
		hint: (ctx) =>
			`The Bedrock endpoint${inRegion(ctx)} cannot be resolved: the region may not offer Bedrock, or DNS/proxy settings block it. Choose a region that offers Bedrock, such as us-east-1, us-west-2 or eu-central-1.`
	},
	{
		id: 'region_not_enabled',
		names: ['UnrecognizedClientException', 'AuthFailure', 'OptInRequired', 'InvalidRegion'],
		message: /region|opt.?in|not enabled/i,
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: (ctx) =>
			`The region${inRegion(ctx) ? ` ${ctx.region}` : ''} is not enabled for this AWS account or does not offer Bedrock. Enable it under Account → AWS Regions, or choose a region that offers Bedrock.`
	},
	{
		id: 'unknown_key',
		names: [
			'UnrecognizedClientException',
			'InvalidClientTokenId',
			'InvalidAccessKeyId',
			'MissingAuthenticationTokenException'
		],
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: (ctx) =>
			`AWS does not recognise the access key id${ctx.accessKeyIdMasked ? ` ${ctx.accessKeyIdMasked}` : ''} (or its session token). Check that the whole key id was copied, that the key is still active in IAM (Users → Security credentials), and for temporary ASIA… keys that the session token belongs to them.`
	},
	{
		id: 'wrong_secret',
		names: ['InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature'],
		code: 'PRECONDITION_FAILED',
		retryable: false,
		hint: () =>
			'The secret access key does not match the access key id. Paste the secret again (exactly 40 characters, no spaces); if it is lost, create a new access key in IAM and save both parts.'
	},
	{
		id: 'marketplace_access',
		names: ['AccessDeniedException'],
		message: /aws-marketplace/i,
		code: 'FORBIDDEN',
		retryable: false,
		hint: (ctx) =>
			`Enabling ${theModel(ctx)} needs AWS Marketplace permissions. Allow aws-marketplace:ViewSubscriptions and aws-marketplace:Subscribe for this IAM identity (or ask an account admin to enable the model once), then retry.`
	},
	{
		id: 'model_access',
		names: ['AccessDeniedException'],
		message:
			/access to the model|model access|not authorized to invoke this model|access to this model/i,
		code: 'FORBIDDEN',
		retryable: false,
		hint: (ctx) =>
			`Model access for ${theModel(ctx)} has not been granted${inRegion(ctx)}. In the Bedrock console of that region open "Model access", request access to the model and wait until it shows "Access granted". Model access is granted per region.`
	},
	{
		// IAM matches resource types literally: `inference-profile/*` is not `application-…`.
		id: 'application_profile_permission',
		names: ['AccessDeniedException'],
		message: /application-inference-profile\//,
		code: 'FORBIDDEN',
		retryable: false,
		hint: (ctx, facts) =>
			`The IAM identity behind these keys may not call ${iamActionFrom(facts.message, ctx.iamAction) ?? 'Bedrock'} on this application inference profile. A policy that allows "inference-profile/*" does not cover application profiles: add "arn:aws:bedrock:${ctx.region ?? '<region>'}:<account>:application-inference-profile/*" (and the foundation models it routes to) to the statement's Resource.`
	},
	{
		id: 'missing_permission',
		names: ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'],
		code: 'FORBIDDEN',
		retryable: false,
		hint: (ctx, facts) => {
			const action = iamActionFrom(facts.message, ctx.iamAction);
			return action
				? `The IAM identity behind these keys is not allowed to call ${action}. Add an IAM policy statement with "Effect": "Allow", "Action": "${action}" (and "Resource": "*" or the model ARNs) to the user or role.`
				: 'The IAM identity behind these keys is missing a permission for this call. Attach a policy that allows the Bedrock actions you use (for example AmazonBedrockReadOnly for browsing, bedrock:InvokeModel* for invocation).';
		}
	},
	{
		id: 'inference_profile_required',
		names: ['ValidationException'],
		message: /on-demand throughput isn.t supported|inference profile/i,
		code: 'BAD_REQUEST',
		retryable: false,
		hint: (ctx) => {
			const ids = suggestedProfileIds(ctx);
			return `${theModel(ctx)} cannot be invoked by its bare id${inRegion(ctx)}; call it through a cross-region inference profile instead${ids.length ? `: ${ids.join(', ')}` : ' (ids start with us., eu., apac. or global.)'}.`;
		}
	},
	{
		id: 'invalid_model_id',
		names: ['ValidationException'],
		message: /model identifier is invalid/i,
		code: 'BAD_REQUEST',
		retryable: false,
		hint: (ctx) =>
			`${theModel(ctx)} is not a model id Bedrock knows${inRegion(ctx)}. Pick one from the model list for this region; inference profile ids must match the region's geography (us. for US regions, eu. for Europe, apac. for Asia Pacific).`
	},
	{
		id: 'legacy_model',
		names: ['ResourceNotFoundException'],
		message: /legacy|end of its life/i,
		code: 'NOT_FOUND',
		retryable: false,
		hint: (ctx) =>
			`${theModel(ctx)} is a legacy model that this account can no longer use. Switch to an active model from the model list.`
	},
	{
		id: 'model_not_found',
		names: ['ResourceNotFoundException'],
		code: 'NOT_FOUND',
		retryable: false,
		hint: (ctx) =>
			`${theModel(ctx)} was not found${inRegion(ctx)}. Check the id in the model list; availability differs per region.`
	},
	{
		// Not from AWS: this server refused the call itself (aws/circuit.ts) after repeated
		// timeouts, dropped connections or 5xx answers from this service in this Region.
		id: 'circuit_open',
		names: ['CircuitOpenError'],
		code: 'SERVICE_UNAVAILABLE',
		retryable: true,
		hint: (ctx) =>
			`Recent calls to Amazon Bedrock${inRegion(ctx)} timed out or failed on AWS's side, so this one was refused at once instead of waiting for its deadline. Retry after the pause; if it persists, check the AWS Health Dashboard for the Region and this server's network path to AWS.`
	},
	{
		id: 'throttled',
		names: [
			'ThrottlingException',
			'TooManyRequestsException',
			'ServiceQuotaExceededException',
			'ModelNotReadyException',
			'Throttling'
		],
		code: 'TOO_MANY_REQUESTS',
		retryable: true,
		hint: (ctx) =>
			`AWS is throttling these requests${inRegion(ctx)} (requests or tokens per minute over the account's quota). Wait a little and retry; for steady higher load request a quota increase in Service Quotas or use a cross-region inference profile.`
	},
	{
		// The Node HTTP/2 handler names a connection that closed without an answer TimeoutError.
		id: 'connection_dropped',
		names: ['TimeoutError', 'Error'],
		message: /did not get a response|abnormally aborted|socket hang up/i,
		code: 'BAD_GATEWAY',
		retryable: true,
		hint: () =>
			'The connection to AWS was dropped before an answer arrived. Retry; if it keeps happening, check the network path to Amazon Bedrock (proxy, firewall, VPC endpoint).'
	},
	{
		id: 'timeout',
		names: [
			'TimeoutError',
			'ETIMEDOUT',
			'ESOCKETTIMEDOUT',
			'RequestTimeout',
			'ModelTimeoutException',
			'AbortError'
		],
		code: 'TIMEOUT',
		retryable: true,
		hint: () =>
			'The request to AWS timed out. Check that this server can reach Amazon Bedrock (proxy, firewall, VPC endpoint) and retry; for long generations lower maxTokens or use streaming.'
	},
	{
		id: 'network',
		names: NETWORK_NAMES,
		code: 'BAD_GATEWAY',
		retryable: true,
		hint: () =>
			'This server could not reach the AWS endpoint (connection refused or reset). Check network access to Amazon Bedrock and any endpoint override (AWS_ENDPOINT_URL_*), then retry.'
	},
	{
		id: 'service_unavailable',
		names: [
			'ServiceUnavailableException',
			'InternalServerException',
			'InternalFailure',
			'ServiceUnavailable',
			'ModelErrorException',
			'ModelStreamErrorException'
		],
		code: 'SERVICE_UNAVAILABLE',
		retryable: true,
		hint: () =>
			'Amazon Bedrock had a temporary problem on its side. Retry in a moment; if it persists, check the AWS Health Dashboard for the region.'
	},
	{
		id: 'invalid_request',
		names: ['ValidationException', 'ConflictException'],
		code: 'BAD_REQUEST',
		retryable: false,
		hint: () =>
			'AWS refused the request as invalid; the message above says which part. For native InvokeModel bodies, check the provider’s request format.'
	}
];

export const UNKNOWN_HINT_ROW: HintRow = {
	id: 'unknown',
	names: [],
	code: 'BAD_GATEWAY',
	retryable: false,
	hint: () =>
		'AWS returned an unexpected error. Retry; if it persists, run the connection test to see which permission or setting is missing.'
};

export function findHintRow(facts: FailureFacts): HintRow {
	return (
		HINTS.find(
			(row) => row.names.includes(facts.name) && (!row.message || row.message.test(facts.message))
		) ?? UNKNOWN_HINT_ROW
	);
}
