/**
 * The deployment's own AWS identity, for ONE purpose: calling sts:AssumeRole on a customer's
 * role for `assume_role` credentials with `via: 'deployment'` (the SaaS pattern: the customer's
 * trust policy names this deployment's account and requires the external ID). It is handed only
 * to fromTemporaryCredentials as the caller of AssumeRole; no Bedrock client is ever built
 * with it (clients.ts signs Bedrock calls with the assumed role's temporary keys).
 *
 * From ASSUME_ROLE_SOURCE_ACCESS_KEY_ID / ASSUME_ROLE_SOURCE_SECRET_ACCESS_KEY (DESIGN.md); unset,
 * the host's default credential chain (instance role, task role, profile…).
 */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export type DeploymentIdentity = AwsCredentialIdentity | AwsCredentialIdentityProvider;

let chain: AwsCredentialIdentityProvider | undefined;

export function deploymentIdentity(
	env: Record<string, string | undefined> = process.env
): DeploymentIdentity {
	const accessKeyId = env.ASSUME_ROLE_SOURCE_ACCESS_KEY_ID;
	const secretAccessKey = env.ASSUME_ROLE_SOURCE_SECRET_ACCESS_KEY;
	if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
	chain ??= fromNodeProviderChain();
	return chain;
}

/** The deployment's key id, masked, when it is configured explicitly (for the trust policy page). */
export function deploymentKeyConfigured(env: Record<string, string | undefined> = process.env) {
	return Boolean(env.ASSUME_ROLE_SOURCE_ACCESS_KEY_ID && env.ASSUME_ROLE_SOURCE_SECRET_ACCESS_KEY);
}
