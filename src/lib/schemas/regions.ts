/**
 * AWS Regions that offer Amazon Bedrock (shared by the credentials form and the API).
 *
 * Why a fixed list: a key saved with a region that has no Bedrock endpoint fails later with a
 * confusing network error, so the form refuses it up front. Source: AWS's Bedrock endpoint list
 * (regions confirmed there; GovCloud East, Middle East, Africa and Mexico were not confirmed and
 * are left out until they are). Isomorphic: no server imports.
 */
import { z } from 'zod';

export const BEDROCK_REGIONS = [
	{ id: 'us-east-1', name: 'US East (N. Virginia)' },
	{ id: 'us-east-2', name: 'US East (Ohio)' },
	{ id: 'us-west-1', name: 'US West (N. California)' },
	{ id: 'us-west-2', name: 'US West (Oregon)' },
	{ id: 'ca-central-1', name: 'Canada (Central)' },
	{ id: 'ca-west-1', name: 'Canada West (Calgary)' },
	{ id: 'eu-central-1', name: 'Europe (Frankfurt)' },
	{ id: 'eu-central-2', name: 'Europe (Zurich)' },
	{ id: 'eu-north-1', name: 'Europe (Stockholm)' },
	{ id: 'eu-south-1', name: 'Europe (Milan)' },
	{ id: 'eu-south-2', name: 'Europe (Spain)' },
	{ id: 'eu-west-1', name: 'Europe (Ireland)' },
	{ id: 'eu-west-2', name: 'Europe (London)' },
	{ id: 'eu-west-3', name: 'Europe (Paris)' },
	{ id: 'ap-east-2', name: 'Asia Pacific (Taipei)' },
	{ id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
	{ id: 'ap-northeast-2', name: 'Asia Pacific (Seoul)' },
	{ id: 'ap-northeast-3', name: 'Asia Pacific (Osaka)' },
	{ id: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
	{ id: 'ap-south-2', name: 'Asia Pacific (Hyderabad)' },
	{ id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
	{ id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
	{ id: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)' },
	{ id: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)' },
	{ id: 'ap-southeast-5', name: 'Asia Pacific (Malaysia)' },
	{ id: 'ap-southeast-7', name: 'Asia Pacific (Thailand)' },
	{ id: 'sa-east-1', name: 'South America (São Paulo)' },
	{ id: 'us-gov-west-1', name: 'AWS GovCloud (US-West)' }
] as const;

export type BedrockRegion = (typeof BEDROCK_REGIONS)[number]['id'];

export const BEDROCK_REGION_IDS = BEDROCK_REGIONS.map((r) => r.id) as [
	BedrockRegion,
	...BedrockRegion[]
];

export const DEFAULT_REGION: BedrockRegion = 'us-east-1';

export const regionSchema = z
	.string({ error: 'Choose a region' })
	.trim()
	.toLowerCase()
	.pipe(
		z.enum(BEDROCK_REGION_IDS, {
			error: (issue) =>
				`Amazon Bedrock is not offered in region "${String(issue.input)}"; choose one of: ${BEDROCK_REGION_IDS.join(', ')}`
		})
	);

export function isBedrockRegion(value: string): value is BedrockRegion {
	return (BEDROCK_REGION_IDS as readonly string[]).includes(value);
}

/**
 * Geography prefixes of the system-defined cross-region inference profiles that a caller in
 * `region` may use (`us.`, `eu.`, `apac.`, plus `global.` everywhere). Used for hints when a
 * model needs an inference profile.
 */
export function inferenceProfilePrefixesFor(region: string): string[] {
	const geo = region.startsWith('us-gov-')
		? 'us-gov'
		: region.startsWith('us-') || region.startsWith('ca-')
			? 'us'
			: region.startsWith('eu-')
				? 'eu'
				: region.startsWith('ap-')
					? 'apac'
					: undefined;
	return geo ? [geo, 'global'] : ['global'];
}
