import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
	AKIA_WITH_TOKEN_MESSAGE,
	maskAccessKeyId,
	saveCredentialsForUserInput,
	saveCredentialsInput
} from '../../src/lib/schemas/credentials';
import {
	BEDROCK_REGION_IDS,
	inferenceProfilePrefixesFor,
	regionSchema
} from '../../src/lib/schemas/regions';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';

const valid = { ...EXAMPLE_KEY_PAIR, region: 'us-east-1' };
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN0123456789+/=';

function fieldErrors(input: unknown) {
	const result = saveCredentialsInput.safeParse(input);
	expect(result.success).toBe(false);
	return z.flattenError(result.error!).fieldErrors as Record<string, string[] | undefined>;
}

describe('saveCredentialsInput', () => {
	it('accepts a long-term key and trims pasted whitespace', () => {
		const parsed = saveCredentialsInput.parse({
			...valid,
			accessKeyId: ` ${EXAMPLE_KEY_PAIR.accessKeyId}\n`,
			region: 'US-EAST-1'
		});
		// No `type` (programs written before the other kinds) still means an access key.
		expect(parsed).toEqual({ type: 'access_key', ...valid, sessionToken: undefined });
	});

	it('accepts a temporary key with its session token', () => {
		const parsed = saveCredentialsInput.parse({
			...valid,
			accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
			sessionToken: TOKEN
		});
		expect(parsed.type === 'access_key' && parsed.sessionToken).toBe(TOKEN);
	});

	it('treats an empty session token from a form as none', () => {
		const parsed = saveCredentialsInput.parse({ ...valid, sessionToken: '  ' });
		expect(parsed.type).toBe('access_key');
		expect('sessionToken' in parsed ? parsed.sessionToken : 'absent').toBeUndefined();
	});

	const bad: [string, Record<string, unknown>, string, RegExp][] = [
		['a lower-case key id', { accessKeyId: 'akiaiosfodnn7example' }, 'accessKeyId', /AKIA or ASIA/],
		['a short key id', { accessKeyId: 'AKIA123' }, 'accessKeyId', /20 characters/],
		['an AGPA (group) id', { accessKeyId: 'AGPAIOSFODNN7EXAMPLE' }, 'accessKeyId', /AKIA or ASIA/],
		[
			'a 39-character secret',
			{ secretAccessKey: valid.secretAccessKey.slice(1) },
			'secretAccessKey',
			/exactly 40/
		],
		[
			'a secret with a dash',
			{ secretAccessKey: `${valid.secretAccessKey.slice(1)}-` },
			'secretAccessKey',
			/exactly 40/
		],
		[
			'an unknown region',
			{ region: 'mars-north-1' },
			'region',
			/not offered in region "mars-north-1"/
		],
		['a region without Bedrock', { region: 'af-south-1' }, 'region', /not offered/],
		['a numeric region', { region: 42 }, 'region', /Choose a region/],
		[
			'a token on an AKIA key',
			{ sessionToken: TOKEN },
			'sessionToken',
			/only for temporary ASIA… keys/
		],
		[
			'an ASIA key without token',
			{ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' },
			'sessionToken',
			/need their session token/
		],
		[
			'a token with spaces inside',
			{ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'abc def ghi jkl mno pqr' },
			'sessionToken',
			/only A-Z/
		]
	];
	it.each(bad)('refuses %s, naming the field', (_label, patch, field, message) => {
		const errors = fieldErrors({ ...valid, ...patch });
		expect(errors[field]?.join(' ')).toMatch(message);
	});

	it('reports every missing field', () => {
		const errors = fieldErrors({});
		expect(Object.keys(errors).sort()).toEqual(['accessKeyId', 'region', 'secretAccessKey']);
	});

	it('says "Required" for empty required fields, not their format rule', () => {
		const errors = fieldErrors({ ...valid, accessKeyId: '  ', secretAccessKey: '' });
		expect(errors.accessKeyId).toEqual(['Required']);
		expect(errors.secretAccessKey).toEqual(['Required']);
	});

	it('tells an AKIA key with a (short) token that tokens are for ASIA keys, even when other fields fail', () => {
		const errors = fieldErrors({ ...valid, secretAccessKey: 'short', sessionToken: 'abc' });
		expect(errors.sessionToken).toEqual([AKIA_WITH_TOKEN_MESSAGE]);
		expect(errors.secretAccessKey?.[0]).toMatch(/exactly 40/);
	});

	it('checks the token format of an ASIA key while another field is wrong', () => {
		const errors = fieldErrors({
			...valid,
			accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
			secretAccessKey: '',
			sessionToken: 'abc'
		});
		expect(errors.sessionToken?.[0]).toMatch(/too short/);
	});

	it('requires a UUID userId for the admin variant', () => {
		const result = saveCredentialsForUserInput.safeParse({ ...valid, userId: 'me' });
		expect(result.success).toBe(false);
		expect(z.flattenError(result.error!).fieldErrors.userId?.[0]).toMatch(/UUID/);
	});
});

describe('maskAccessKeyId', () => {
	it('keeps the first and last four characters only', () => {
		expect(maskAccessKeyId(EXAMPLE_KEY_PAIR.accessKeyId)).toBe('AKIA…MPLE');
		expect(maskAccessKeyId('ASIA1234567890ABWXYZ')).toBe('ASIA…WXYZ');
	});
	it('hides short values entirely', () => {
		expect(maskAccessKeyId('AKIA123')).toBe('…');
	});
});

describe('regions', () => {
	it('lists the Bedrock regions from the reference, including us-east-1 and eu-west-3', () => {
		expect(BEDROCK_REGION_IDS).toContain('us-east-1');
		expect(BEDROCK_REGION_IDS).toContain('eu-west-3');
		expect(BEDROCK_REGION_IDS).not.toContain('af-south-1');
		expect(regionSchema.parse(' EU-WEST-1 ')).toBe('eu-west-1');
	});
	it('maps regions to inference profile geographies', () => {
		expect(inferenceProfilePrefixesFor('us-west-2')).toEqual(['us', 'global']);
		expect(inferenceProfilePrefixesFor('eu-central-1')).toEqual(['eu', 'global']);
		expect(inferenceProfilePrefixesFor('ap-south-1')).toEqual(['apac', 'global']);
		expect(inferenceProfilePrefixesFor('sa-east-1')).toEqual(['global']);
	});
});
