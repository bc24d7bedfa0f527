/**
 * The account of the deployment identity (deployment-identity.ts), for the trust policy a
 * customer pastes into IAM. Asked from STS GetCallerIdentity (which needs no permission) once
 * per process; a failure is not cached, so fixing the configuration needs no restart.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { endpointOverride } from './clients';
import { deploymentIdentity } from './deployment-identity';

const TIMEOUT_MS = 5_000;
let account: Promise<string> | undefined;

export function deploymentAccountId(env: Record<string, string | undefined> = process.env) {
	account ??= lookUp(env).catch((err: unknown) => {
		account = undefined;
		throw err;
	});
	return account;
}

async function lookUp(env: Record<string, string | undefined>): Promise<string> {
	const sts = new STSClient({
		region: 'us-east-1',
		credentials: deploymentIdentity(env),
		endpoint: endpointOverride('STS', env),
		ignoreConfiguredEndpointUrls: true,
		maxAttempts: 2,
		requestHandler: new NodeHttpHandler({
			connectionTimeout: TIMEOUT_MS,
			requestTimeout: TIMEOUT_MS,
			throwOnRequestTimeout: true
		})
	});
	try {
		const who = await sts.send(new GetCallerIdentityCommand({}), {
			abortSignal: AbortSignal.timeout(2 * TIMEOUT_MS)
		});
		if (!who.Account) throw new Error('STS did not name the account');
		return who.Account;
	} finally {
		sts.destroy();
	}
}
