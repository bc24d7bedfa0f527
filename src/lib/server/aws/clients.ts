/**
 * AWS SDK clients (control plane, runtime, STS) for ONE set of user credentials in ONE region.
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
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { maskAccessKeyId } from '../../schemas/credentials';
import { resilienceConfig } from '../resilience/config';
import { guardWithCircuit } from './circuit';
import { describeAwsError, type BedrockCallError } from './errors';
import { credentialsFingerprint } from './fingerprint';
import type { HintContext } from './hints';
import type { BedrockCredentials } from './credentials';

export interface BedrockClients {
	control: BedrockClient;
	runtime: BedrockRuntimeClient;
	sts: STSClient;
	region: string;
	fingerprint: string;
	accessKeyIdMasked: string;
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

function baseConfig(credentials: BedrockCredentials, region: string) {
	return {
		region,
		credentials: {
			accessKeyId: credentials.accessKeyId,
			secretAccessKey: credentials.secretAccessKey,
			...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {})
		},
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
	const base = baseConfig(credentials, region);
	const limits = resilienceConfig();
	// Control plane and STS: each attempt has AWS_CONTROL_ATTEMPT_TIMEOUT_MS, and all attempts
	// together (SDK retries and their back-off included) AWS_CONTROL_TOTAL_TIMEOUT_MS.
	const http1 = () =>
		new NodeHttpHandler({
			connectionTimeout: CONNECT_TIMEOUT_MS,
			requestTimeout: limits.AWS_CONTROL_ATTEMPT_TIMEOUT_MS,
			throwOnRequestTimeout: true
		});
	const control = new BedrockClient({
		...base,
		endpoint: endpointOverride('BEDROCK', env),
		token: refuseBearerToken,
		httpAuthSchemeProvider: sigv4Only('bedrock') as never,
		requestHandler: http1()
	});
	const runtime = new BedrockRuntimeClient({
		...base,
		endpoint: endpointOverride('BEDROCK_RUNTIME', env),
		token: refuseBearerToken,
		httpAuthSchemeProvider: sigv4Only('bedrock') as never,
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
	const sts = new STSClient({
		...base,
		endpoint: endpointOverride('STS', env),
		requestHandler: http1()
	});
	capTotalTime(control, limits.AWS_CONTROL_TOTAL_TIMEOUT_MS);
	capTotalTime(sts, limits.AWS_CONTROL_TOTAL_TIMEOUT_MS);
	// Outside the time cap, so the breaker sees the caller's own signal and can tell a hang-up
	// (not AWS's fault) from the cap expiring (a fault).
	guardWithCircuit(control, 'bedrock', region);
	guardWithCircuit(runtime, 'bedrock-runtime', region);
	guardWithCircuit(sts, 'sts', region);
	const accessKeyIdMasked = maskAccessKeyId(credentials.accessKeyId);
	const secrets = [credentials.secretAccessKey, credentials.sessionToken];
	return {
		control,
		runtime,
		sts,
		region,
		fingerprint: credentialsFingerprint(credentials),
		accessKeyIdMasked,
		describe: (err, ctx = {}) =>
			describeAwsError(err, { region, accessKeyIdMasked, ...ctx }, secrets)
	};
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
		const deadline = AbortSignal.timeout(totalMs);
		const abortSignal = options?.abortSignal
			? AbortSignal.any([options.abortSignal, deadline])
			: deadline;
		return send(command, { ...options, abortSignal });
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
		clients.sts.destroy();
	}, delayMs);
	timer.unref?.();
}
