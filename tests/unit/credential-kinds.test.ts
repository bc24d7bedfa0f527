import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { getToken } from '@aws/bedrock-token-generator';
import {
	maskExternalId,
	saveCredentialsForUserInput,
	saveCredentialsInput,
	trustPolicyJson
} from '../../src/lib/schemas/credentials';
import { apiKeyExpiryState, apiKeyFacts } from '../../src/lib/schemas/api-keys';
import { findHintRow } from '../../src/lib/server/aws/hints';
import { newExternalId } from '../../src/lib/server/credentials/external-id';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';

const ROLE_ARN = 'arn:aws:iam::210987654321:role/BedrockAccess';

function fieldErrors(input: unknown) {
	const result = saveCredentialsInput.safeParse(input);
	expect(result.success).toBe(false);
	return z.flattenError(result.error!).fieldErrors as Record<string, string[] | undefined>;
}

describe('saveCredentialsInput: assume_role', () => {
	it('accepts a role assumed by the deployment, with an optional duration from a form', () => {
		expect(
			saveCredentialsInput.parse({
				type: 'assume_role',
				roleArn: ROLE_ARN,
				region: 'eu-west-1',
				via: 'deployment',
				sessionDurationSeconds: '1800',
				accessKeyId: '',
				secretAccessKey: ''
			})
		).toEqual({
			type: 'assume_role',
			roleArn: ROLE_ARN,
			region: 'eu-west-1',
			via: 'deployment',
			sessionDurationSeconds: 1800,
			accessKeyId: undefined,
			secretAccessKey: undefined
		});
	});

	it('needs the user’s own long-term key for role chaining', () => {
		const base = { type: 'assume_role', roleArn: ROLE_ARN, region: 'us-east-1', via: 'access_key' };
		expect(fieldErrors(base)).toMatchObject({
			accessKeyId: ['Required'],
			secretAccessKey: ['Required']
		});
		expect(
			fieldErrors({ ...base, ...EXAMPLE_KEY_PAIR, accessKeyId: 'ASIAIOSFODNN7EXAMPLE' })
				.accessKeyId?.[0]
		).toMatch(/long-term AKIA/);
		expect(saveCredentialsInput.parse({ ...base, ...EXAMPLE_KEY_PAIR })).toMatchObject({
			via: 'access_key',
			accessKeyId: EXAMPLE_KEY_PAIR.accessKeyId
		});
	});

	it('refuses a key next to via deployment, a bad ARN, an out-of-range duration and an unknown via', () => {
		const base = { type: 'assume_role', roleArn: ROLE_ARN, region: 'us-east-1', via: 'deployment' };
		expect(
			fieldErrors({ ...base, accessKeyId: EXAMPLE_KEY_PAIR.accessKeyId }).accessKeyId?.[0]
		).toMatch(/deployment’s own identity/);
		expect(fieldErrors({ ...base, roleArn: 'arn:aws:iam::123:user/x' }).roleArn?.[0]).toMatch(
			/role ARN looks like/
		);
		expect(
			fieldErrors({ ...base, sessionDurationSeconds: 600 }).sessionDurationSeconds?.[0]
		).toMatch(/at least 900/);
		expect(
			fieldErrors({ ...base, sessionDurationSeconds: 50000 }).sessionDurationSeconds?.[0]
		).toMatch(/at most 43200/);
		expect(fieldErrors({ ...base, via: 'magic' }).via?.[0]).toMatch(/Choose who assumes the role/);
	});

	it('takes the same kinds for another user (admins)', () => {
		const userId = '00000000-0000-4000-8000-000000000001';
		expect(
			saveCredentialsForUserInput.parse({
				userId,
				type: 'api_key',
				apiKey: `ABSK${'a'.repeat(40)}`,
				region: 'us-east-1'
			})
		).toMatchObject({ userId, type: 'api_key' });
		expect(
			saveCredentialsForUserInput.parse({ userId, ...EXAMPLE_KEY_PAIR, region: 'us-east-1' })
		).toMatchObject({
			userId,
			type: 'access_key'
		});
	});

	it('refuses an unknown type by name', () => {
		expect(fieldErrors({ type: 'password', region: 'us-east-1' }).type?.[0]).toMatch(/access_key/);
	});
});

describe('saveCredentialsInput: api_key', () => {
	it('accepts long-term and short-term keys and refuses other strings', async () => {
		const short = await getToken({
			credentials: EXAMPLE_KEY_PAIR,
			region: 'us-east-1',
			expiresInSeconds: 600
		});
		for (const apiKey of [`ABSK${'Q'.repeat(60)}=`, short])
			expect(
				saveCredentialsInput.parse({ type: 'api_key', apiKey: ` ${apiKey}\n`, region: 'us-east-1' })
			).toEqual({
				type: 'api_key',
				apiKey,
				region: 'us-east-1'
			});
		expect(
			fieldErrors({ type: 'api_key', apiKey: 'sk-openai-style', region: 'us-east-1' }).apiKey?.[0]
		).toMatch(/starts with ABSK/);
		expect(fieldErrors({ type: 'api_key', apiKey: '', region: 'us-east-1' }).apiKey).toEqual([
			'Required'
		]);
	});

	it('reads a short-term key’s expiry and region, and a long-term key’s last 4 only', async () => {
		const before = Date.now();
		const short = await getToken({
			credentials: EXAMPLE_KEY_PAIR,
			region: 'eu-west-1',
			expiresInSeconds: 3600
		});
		const facts = apiKeyFacts(short);
		expect(facts).toMatchObject({
			kind: 'short_term',
			region: 'eu-west-1',
			last4: short.slice(-4)
		});
		const expires = Date.parse(facts.expiresAt!);
		expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
		expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000);
		expect(apiKeyFacts(`ABSK${'x'.repeat(30)}wxyz`)).toEqual({
			kind: 'long_term',
			last4: 'wxyz',
			expiresAt: null,
			region: null
		});
	});

	it('warns within the last hour and says when a key has expired', () => {
		const now = Date.parse('2026-11-29T12:00:00Z');
		expect(apiKeyExpiryState(null, now)).toBe('none');
		expect(apiKeyExpiryState('2026-11-29T14:00:00Z', now)).toBe('valid');
		expect(apiKeyExpiryState('2026-11-29T12:30:00Z', now)).toBe('expiring');
		expect(apiKeyExpiryState('2026-11-29T11:59:59Z', now)).toBe('expired');
	});
});

describe('external IDs and the trust policy', () => {
	it('generates unguessable, distinct ids within AWS’s character set', () => {
		const ids = new Set(Array.from({ length: 200 }, newExternalId));
		expect(ids.size).toBe(200);
		for (const id of ids) expect(id).toMatch(/^ba-[A-Za-z0-9_-]{24}$/);
	});

	it('masks an external id to its ends', () => {
		expect(maskExternalId('ba-AbCdEfGhIjKlMnOpQrStUvWx')).toBe('ba-A…UvWx');
	});

	it('writes the exact trust policy with the principal and the external id', () => {
		expect(JSON.parse(trustPolicyJson('arn:aws:iam::123456789012:root', 'ba-x'))).toEqual({
			Version: '2012-10-17',
			Statement: [
				{
					Effect: 'Allow',
					Principal: { AWS: 'arn:aws:iam::123456789012:root' },
					Action: 'sts:AssumeRole',
					Condition: { StringEquals: { 'sts:ExternalId': 'ba-x' } }
				}
			]
		});
	});
});

describe('hints for the new kinds', () => {
	const caller = 'arn:aws:iam::123456789012:user/bedrock-admin-dev';
	it('tells trust, external ID and missing role apart from a caller without sts:AssumeRole', () => {
		const denied = `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`;
		expect(findHintRow({ name: 'AccessDenied', message: denied }).id).toBe('assume_role_denied');
		expect(
			findHintRow({
				name: 'AccessDenied',
				message: `${denied} because no identity-based policy allows the sts:AssumeRole action`
			}).id
		).toBe('assume_role_not_allowed');
		expect(
			findHintRow({
				name: 'ValidationError',
				message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
			}).id
		).toBe('assume_role_duration');
	});

	it('tells an expired API key from an invalid one', () => {
		expect(
			findHintRow({
				name: 'UnauthorizedException',
				message: 'Authentication failed: The API Key has expired.'
			}).id
		).toBe('api_key_expired');
		expect(
			findHintRow({
				name: 'UnauthorizedException',
				message: 'Authentication failed: Please make sure your API Key is valid.'
			}).id
		).toBe('api_key_invalid');
	});
});
