/**
 * The trust policy a user pastes into their role's "Trust relationships" for assume_role
 * credentials: the principal that will call sts:AssumeRole and the user's own external ID.
 */
import { trustPolicyJson, type TrustPolicy } from '../../schemas/credentials';
import { deploymentAccountId } from '../aws/deployment-account';
import type { UserDb } from '../db/rls';
import { externalIdFor } from './external-id';

const ACCOUNT_PLACEHOLDER = 'arn:aws:iam::<ACCOUNT_ID_OF_YOUR_KEY>:root';

export async function trustPolicyFor(
	db: UserDb,
	userId: string,
	via: 'deployment' | 'access_key'
): Promise<TrustPolicy> {
	const externalId = await db((tx) => externalIdFor(tx, userId));
	if (via === 'access_key') {
		return {
			externalId,
			principalArn: null,
			policy: trustPolicyJson(ACCOUNT_PLACEHOLDER, externalId),
			note: 'Replace <ACCOUNT_ID_OF_YOUR_KEY> with the 12-digit account of the access key that will assume the role (or name that IAM user’s ARN).'
		};
	}
	try {
		const principalArn = `arn:aws:iam::${await deploymentAccountId()}:root`;
		return { externalId, principalArn, policy: trustPolicyJson(principalArn, externalId) };
	} catch (err) {
		console.error(
			`[credentials] the deployment identity's account is unknown: ${err instanceof Error ? err.name : typeof err}`
		);
		return {
			externalId,
			principalArn: null,
			policy: trustPolicyJson('arn:aws:iam::<THIS_DEPLOYMENT_ACCOUNT_ID>:root', externalId),
			note: 'This deployment could not tell its own AWS account (its identity is not configured or AWS did not answer); ask the operator for the account id to trust.'
		};
	}
}
