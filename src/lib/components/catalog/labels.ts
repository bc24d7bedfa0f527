/**
 * Human words for the catalog's AWS enums (TEXT → Text, ON_DEMAND → On demand), shared by the
 * model catalog and the model details page. Unknown values (AWS adds new ones) fall back to a
 * tidied version of the raw value rather than disappearing.
 */
const WORDS: Record<string, string> = {
	TEXT: 'Text',
	IMAGE: 'Image',
	EMBEDDING: 'Embedding',
	VIDEO: 'Video',
	SPEECH: 'Speech',
	ON_DEMAND: 'On demand',
	PROVISIONED: 'Provisioned',
	INFERENCE_PROFILE: 'Inference profile',
	FINE_TUNING: 'Fine-tuning',
	CONTINUED_PRE_TRAINING: 'Continued pre-training',
	DISTILLATION: 'Distillation',
	ACTIVE: 'Active',
	LEGACY: 'Legacy'
};

export function labelFor(value: string): string {
	const known = WORDS[value];
	if (known) return known;
	const words = value.toLowerCase().replace(/_/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Where a system-defined cross-region profile routes, from AWS's id prefix (`us.`, `eu.`, …). */
const GEOGRAPHIES: Record<string, string> = {
	us: 'United States Regions',
	'us-gov': 'AWS GovCloud (US) Regions',
	eu: 'Europe Regions',
	apac: 'Asia Pacific Regions',
	jp: 'Japan Regions',
	au: 'Australia Regions',
	ca: 'Canada Regions',
	global: 'Any commercial Region (global)'
};

export function profileGeography(profileId: string): string {
	const prefix = profileId.split('.')[0] ?? '';
	return GEOGRAPHIES[prefix] ?? `${prefix.toUpperCase()} Regions`;
}

/** The Region an ARN belongs to (`arn:aws:bedrock:us-east-1:…` → `us-east-1`). */
export function arnRegion(arn: string | undefined): string | undefined {
	return arn?.split(':')[3] || undefined;
}

export function formatDate(iso: string | undefined): string | undefined {
	if (!iso) return undefined;
	const date = new Date(iso);
	return Number.isNaN(date.getTime())
		? iso
		: date.toLocaleDateString('en-GB', {
				year: 'numeric',
				month: 'short',
				day: 'numeric',
				timeZone: 'UTC'
			});
}
