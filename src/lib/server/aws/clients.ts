/**
 * AWS SDK clients (control plane, runtime, STS) for ONE set of user credentials in ONE region.
 *
 * Per kind (aws/credentials.ts): access keys sign directly; assume_role signs with temporary
 * keys from ONE shared fromTemporaryCredentials provider (memoized, so the three clients share
 * them and STS is asked again only shortly before they expire), whose caller is the deployment
 * identity or the user's own key; api_key sends the key as a bearer token on the Bedrock
 * clients only (STS takes no API keys, so there is no STS client for it).
 *
 * Security: the host's own AWS configuration must never leak into a user's calls (vercel/ai
 * #3018: an injected AWS_SESSION_TOKEN merged with explicit keys). So every client gets an
 * explicit `region` and an explicit static `credentials` object (the SDK then never consults
 * AWS_ACCESS_KEY_ID / AWS_SESSION_TOKEN / AWS_PROFILE), and SigV4 is forced: the runtime and
 * control-plane clients would otherwise switch to bearer auth when AWS_BEARER_TOKEN_BEDROCK is
 * set (NODE_AUTH_SCHEME_PREFERENCE_OPTIONS in @aws-sdk/core returns ["httpBearerAuth"] for it,
 * and the bearer identity provider reads the env var). We pin `authSchemePreference`, offer only
 * the sigv4 auth option, and give a `token` provider that refuses.
 * Endpoint overrides (AWS_ENDPOINT_URL_BEDROCK, _BEDROCK_RUNTIME, _STS; never the generic
 * AWS_ENDPOINT_URL) are configuration, not identity: they are read here and passed explicitly.
 *
 * Built here, cached and destroyed by cache/sdk-clients.ts.
 */
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import {
	doesIdentityRequireRefresh,
	isIdentityExpired,
	memoizeIdentityProvider
} from '@smithy/core';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { maskAccessKeyId, maskExternalId } from '../../schemas/credentials';
import { resilienceConfig } from '../resilience/config';
import { guardWithCircuit } from './circuit';
import { describeAwsError, type BedrockCallError } from './errors';
import { credentialsFingerprint } from './fingerprint';
import type { HintContext } from './hints';
import type { AssumeRoleCredentials, BedrockCredentials } from './credentials';
import { deploymentIdentity } from './deployment-identity';
import { linkSignals } from '../resilience/linked-signal';

export interface BedrockClients {
	control: BedrockClient;
	runtime: BedrockRuntimeClient;
	/** Null for api_key credentials: STS does not take Bedrock API keys. */
	sts: STSClient | null;
	region: string;
	kind: BedrockCredentials['kind'];
	fingerprint: string;
	/** The signing key (for assume_role: the user's own source key), masked; null when none. */
	accessKeyIdMasked: string | null;
	/**
	 * assume_role: the shared temporary credentials (sts:AssumeRole on first use and shortly
	 * before expiry, else the cached ones). Null for the other kinds.
	 */
	assumedCredentials: (() => Promise<AwsCredentialIdentity>) | null;
	/** Explains an error from these clients, with this key's secret and token redacted. */
	describe(err: unknown, ctx?: HintContext): BedrockCallError;
}

/** Opening a TCP connection to AWS (part of each attempt's deadline). */
const CONNECT_TIMEOUT_MS = 5_000;

/** One retry: enough for a blip, small enough that a throttled user hears about it quickly. */
export const MAX_ATTEMPTS = 2;

type EndpointService = 'BEDROCK' | 'BEDROCK_RUNTIME' | 'STS';

/** A configured endpoint the app refuses to sign requests for. */
export class EndpointConfigError extends Error {
	override readonly name = 'EndpointConfigError';
}

/**
 * The endpoint for one service from its own `AWS_ENDPOINT_URL_<SERVICE>` only. The generic
 * `AWS_ENDPOINT_URL` is not honoured (and the SDK is told not to read it either): one stray
 * variable would send every user's signed requests, streams and all, somewhere else. The
 * endpoint must be https; plain http only on a loopback address (the local emulator).
 */
export function endpointOverride(
	service: EndpointService,
	env: Record<string, string | undefined> = process.env
): string | undefined {
	if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
	const name = `AWS_ENDPOINT_URL_${service}`;
	const value = env[name];
	if (!value) return undefined;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new EndpointConfigError(`${name} is not a URL.`);
	}
	if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)))
		return value;
	throw new EndpointConfigError(
		`${name} must be an https URL (plain http only on a loopback address such as 127.0.0.1).`
	);
}

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const refuseBearerToken = async (): Promise<never> => {
	throw new Error(
		'Bearer-token auth is disabled: Bedrock calls are signed with the user’s own keys'
	);
};

/** Only SigV4, whatever the environment prefers. */
function sigv4Only(signingName: string) {
	return (params: { region?: string }) => [
		{
			schemeId: 'aws.auth#sigv4',
			signingProperties: { name: signingName, region: params.region },
			propertiesExtractor: (config: object, context: object) => ({
				signingProperties: { config, context }
			})
		}
	];
}

/** Only bearer auth: a Bedrock API key, for this client only (never AWS_BEARER_TOKEN_BEDROCK). */
function bearerOnly() {
	return () => [
		{
			schemeId: 'smithy.api#httpBearerAuth',
			propertiesExtractor: () => ({ identityProperties: {} })
		}
	];
}

const refuseCredentials = async (): Promise<never> => {
	throw new Error('SigV4 is disabled: these Bedrock calls use the user’s API key');
};

type SigningIdentity = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/**
 * The temporary credentials of an assumed role, shared by the clients that sign with them.
 * fromTemporaryCredentials does the AssumeRole call (with the external ID) and the SDK's own
 * memoizer decides when to call again: when less than 5 minutes of validity remain.
 */
function assumedRoleProvider(
	credentials: AssumeRoleCredentials,
	region: string,
	env: Record<string, string | undefined>,
	requestHandler: NodeHttpHandler
): AwsCredentialIdentityProvider {
	const master =
		credentials.source.kind === 'deployment'
			? deploymentIdentity(env)
			: {
					accessKeyId: credentials.source.accessKeyId,
					secretAccessKey: credentials.source.secretAccessKey
				};
	const provider = fromTemporaryCredentials({
		masterCredentials: master,
		params: {
			RoleArn: credentials.roleArn,
			ExternalId: credentials.externalId,
			RoleSessionName: credentials.roleSessionName,
			...(credentials.sessionDurationSeconds
				? { DurationSeconds: credentials.sessionDurationSeconds }
				: {})
		},
		clientConfig: {
			region,
			endpoint: endpointOverride('STS', env),
			maxAttempts: MAX_ATTEMPTS,
			requestHandler
		}
	});
	return memoizeIdentityProvider(
		provider,
		isIdentityExpired,
		doesIdentityRequireRefresh
	) as AwsCredentialIdentityProvider;
}

function signingIdentity(
	credentials: BedrockCredentials,
	assumed: AwsCredentialIdentityProvider | null
): SigningIdentity {
	if (credentials.kind === 'access_key')
		return {
			accessKeyId: credentials.accessKeyId,
			secretAccessKey: credentials.secretAccessKey,
			...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {})
		};
	if (assumed) return assumed;
	return refuseCredentials;
}

function baseConfig(credentials: SigningIdentity, region: string) {
	return {
		region,
		credentials,
		maxAttempts: MAX_ATTEMPTS,
		retryMode: 'standard' as const,
		useFipsEndpoint: false,
		useDualstackEndpoint: false,
		// Endpoints come only from endpointOverride: not from AWS_ENDPOINT_URL or ~/.aws/config.
		ignoreConfiguredEndpointUrls: true,
		authSchemePreference: ['sigv4']
	};
}

export function createBedrockClients(
	credentials: BedrockCredentials,
	region: string,
	env: Record<string, string | undefined> = process.env
): BedrockClients {
	const limits = resilienceConfig();
	// Control plane and STS: each attempt has AWS_CONTROL_ATTEMPT_TIMEOUT_MS, and all attempts
	// together (SDK retries and their back-off included) AWS_CONTROL_TOTAL_TIMEOUT_MS.
	const http1 = () =>
		new NodeHttpHandler({
			connectionTimeout: CONNECT_TIMEOUT_MS,
			requestTimeout: limits.AWS_CONTROL_ATTEMPT_TIMEOUT_MS,
			throwOnRequestTimeout: true
		});
	const assumed =
		credentials.kind === 'assume_role'
			? assumedRoleProvider(credentials, region, env, http1())
			: null;
	const base = baseConfig(signingIdentity(credentials, assumed), region);
	// Bearer for this user's clients only: the token is the user's key, never the environment's.
	const auth =
		credentials.kind === 'api_key'
			? {
					token: { token: credentials.apiKey },
					authSchemePreference: ['httpBearerAuth'],
					httpAuthSchemeProvider: bearerOnly() as never
				}
			: {
					token: refuseBearerToken,
					httpAuthSchemeProvider: sigv4Only('bedrock') as never
				};
	const control = new BedrockClient({
		...base,
		endpoint: endpointOverride('BEDROCK', env),
		...auth,
		requestHandler: http1()
	});
	const runtime = new BedrockRuntimeClient({
		...base,
		endpoint: endpointOverride('BEDROCK_RUNTIME', env),
		...auth,
		// The runtime client speaks HTTP/2 (needed for bidirectional streams). These clients
		// belong to one user's credentials, so a session is never shared between users; within
		// it, Converse and InvokeModel are concurrent streams of one kept-alive session (no TCP
		// and HTTP/2 handshake per call, and no closed session per call that the handler's 60 s
		// timers keep in memory: a heap snapshot held ~3,900 of them after 5,000 calls). Event streams
		// still get a session of their own from the handler, and aborting one resets only it.
		// The stream's inactivity timeout is the time to first byte: once events flow, the
		// runtime calls apply the tighter AWS_STREAM_IDLE_TIMEOUT_MS themselves (runtime.ts).
		requestHandler: new NodeHttp2Handler({
			requestTimeout: limits.AWS_FIRST_BYTE_TIMEOUT_MS,
			sessionTimeout: limits.AWS_FIRST_BYTE_TIMEOUT_MS
		})
	});
	const sts =
		credentials.kind === 'api_key'
			? null
			: new STSClient({
					...base,
					endpoint: endpointOverride('STS', env),
					requestHandler: http1()
				});
	capTotalTime(control, limits.AWS_CONTROL_TOTAL_TIMEOUT_MS);
	if (sts) capTotalTime(sts, limits.AWS_CONTROL_TOTAL_TIMEOUT_MS);
	// Outside the time cap, so the breaker sees the caller's own signal and can tell a hang-up
	// (not AWS's fault) from the cap expiring (a fault).
	guardWithCircuit(control, 'bedrock', region);
	guardWithCircuit(runtime, 'bedrock-runtime', region);
	if (sts) guardWithCircuit(sts, 'sts', region);
	const sourceKeyId =
		credentials.kind === 'access_key'
			? credentials.accessKeyId
			: credentials.kind === 'assume_role' && credentials.source.kind === 'access_key'
				? credentials.source.accessKeyId
				: null;
	const accessKeyIdMasked = sourceKeyId ? maskAccessKeyId(sourceKeyId) : null;
	const secrets = secretsOf(credentials);
	const roleContext =
		credentials.kind === 'assume_role'
			? {
					roleArn: credentials.roleArn,
					externalIdMasked: maskExternalId(credentials.externalId),
					assumeVia: credentials.source.kind
				}
			: {};
	return {
		control,
		runtime,
		sts,
		region,
		kind: credentials.kind,
		fingerprint: credentialsFingerprint(credentials),
		accessKeyIdMasked,
		assumedCredentials: assumed ? () => assumed() : null,
		describe: (err, ctx = {}) =>
			describeAwsError(
				err,
				{ region, ...(accessKeyIdMasked ? { accessKeyIdMasked } : {}), ...roleContext, ...ctx },
				secrets
			)
	};
}

/** What must never appear in an error message built from these credentials. */
function secretsOf(credentials: BedrockCredentials): string[] {
	if (credentials.kind === 'access_key')
		return [credentials.secretAccessKey, credentials.sessionToken ?? ''];
	if (credentials.kind === 'api_key') return [credentials.apiKey];
	return credentials.source.kind === 'access_key' ? [credentials.source.secretAccessKey] : [];
}

/**
 * Gives every `send` of this client an abort signal that fires after `totalMs`, whatever the
 * caller passed: the per-attempt timeout alone would let retries multiply it. The SDK reports
 * the abort as `AbortError`, which the hint table answers as a timeout.
 */
function capTotalTime(client: BedrockClient | STSClient, totalMs: number): void {
	const send = client.send.bind(client) as (
		command: unknown,
		options?: unknown
	) => Promise<unknown>;
	(client as { send: unknown }).send = (
		command: unknown,
		options?: { abortSignal?: AbortSignal }
	) => {
		// Not AbortSignal.timeout/any, whose WeakRefs keep each call alive (linked-signal.ts).
		// Control-plane and STS answers are read whole by `send`, so its end ends the deadline.
		const deadline = linkSignals([options?.abortSignal], { timeoutMs: totalMs });
		return send(command, { ...options, abortSignal: deadline.signal }).finally(deadline.dispose);
	};
}

/**
 * Closes the clients' sockets, a while later: a stream may still be reading through clients
 * that were just evicted from the cache.
 */
export function destroyBedrockClientsLater(clients: BedrockClients, delayMs = 10 * 60_000): void {
	const timer = setTimeout(() => {
		clients.control.destroy();
		clients.runtime.destroy();
		clients.sts?.destroy();
	}, delayMs);
	timer.unref?.();
}
