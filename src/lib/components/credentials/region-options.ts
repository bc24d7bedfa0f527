import { BEDROCK_REGIONS } from '$lib/schemas/regions';
import type { SelectOption } from '$lib/components/ui/select';

/** The region select lists only regions that offer Bedrock (the same list the server accepts). */
export const REGION_OPTIONS: SelectOption[] = BEDROCK_REGIONS.map((r) => ({
	value: r.id,
	label: `${r.name} · ${r.id}`
}));
