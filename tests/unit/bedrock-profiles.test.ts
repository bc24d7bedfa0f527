import { describe, expect, it } from 'vitest';
import { inferenceProfileRefSchema } from '../../src/lib/schemas/models';
import { indexProfiles, profileRoute, toProfileRef } from '../../src/lib/server/models/catalog';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('profileRoute', () => {
	it('reads the Region and the model id (colons and all) from a foundation-model ARN', () => {
		expect(profileRoute(`arn:aws:bedrock:us-west-2::foundation-model/${HAIKU}`)).toEqual({
			modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${HAIKU}`,
			region: 'us-west-2',
			modelId: HAIKU
		});
	});

	it("gives a global profile's any-Region entry no Region", () => {
		expect(profileRoute(`arn:aws:bedrock:::foundation-model/${HAIKU}`)?.region).toBeNull();
	});

	it('refuses what is not a foundation-model ARN', () => {
		expect(profileRoute('not-an-arn')).toBeUndefined();
		expect(profileRoute('arn:aws:bedrock:us-east-1:123456789012:custom-model/x')).toBeUndefined();
		expect(profileRoute('arn:aws:bedrock:us-east-1::foundation-model/')).toBeUndefined();
	});
});

describe('toProfileRef', () => {
	it('keeps status, type, description and every destination, in the API shape', () => {
		const ref = toProfileRef({
			inferenceProfileId: `us.${HAIKU}`,
			inferenceProfileName: 'US Anthropic Claude 3 Haiku',
			inferenceProfileArn: `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${HAIKU}`,
			description: 'Routes requests to Anthropic Claude 3 Haiku in us-east-1 and us-west-2.',
			models: [
				{ modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}` },
				{ modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${HAIKU}` },
				{}
			],
			status: 'ACTIVE',
			type: 'SYSTEM_DEFINED'
		});
		expect(inferenceProfileRefSchema.parse(ref)).toEqual(ref);
		expect(ref).toMatchObject({ status: 'ACTIVE', type: 'SYSTEM_DEFINED' });
		expect(ref?.description).toMatch(/us-east-1 and us-west-2/);
		expect(ref?.models.map((m) => m.region)).toEqual(['us-east-1', 'us-west-2']);
	});

	it('leaves out a missing description and ARN, and names the profile by its id when unnamed', () => {
		const ref = toProfileRef({
			inferenceProfileId: 'us.a',
			inferenceProfileName: undefined,
			inferenceProfileArn: undefined,
			models: [],
			status: 'ACTIVE',
			type: 'SYSTEM_DEFINED'
		});
		expect(ref && 'description' in ref).toBe(false);
		expect(ref && 'arn' in ref).toBe(false);
		expect(ref?.name).toBe('us.a');
	});

	it('indexes one global profile once per model even with two entries for it', () => {
		const index = indexProfiles([
			{
				inferenceProfileId: 'global.a',
				inferenceProfileName: 'Global A',
				inferenceProfileArn: undefined,
				models: [
					{ modelArn: 'arn:aws:bedrock:::foundation-model/a' },
					{ modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/a' }
				],
				status: 'ACTIVE',
				type: 'SYSTEM_DEFINED'
			}
		]);
		expect(index.get('a')).toHaveLength(1);
		expect(index.get('a')?.[0]?.models.map((m) => m.region)).toEqual([null, 'us-east-1']);
	});
});
