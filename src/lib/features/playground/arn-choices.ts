/**
 * Playground choices that call through an ARN instead of a model id: the account's application
 * inference profiles (priced at their base model's price) and, for admins, its provisioned
 * throughputs (billed by the hour: no per-token price, said instead of "unknown").
 */
import type { Profile } from '$lib/schemas/profiles';
import type { ProvisionedThroughput } from '$lib/schemas/provisioned';
import type { ModelChoice } from './model-choices';

export interface ArnChoice extends ModelChoice {
	/** The model the ARN runs, for its price and output limit; null when unknown. */
	baseModelId: string | null;
	billedHourly: boolean;
}

export function applicationProfileChoices(profiles: Profile[]): ArnChoice[] {
	return profiles
		.filter((p) => p.type === 'APPLICATION')
		.map((p) => ({
			id: p.arn,
			label: `Application profile · ${p.name}`,
			why: `Calls go through the application inference profile ${p.name}${p.baseModelId ? ` (${p.baseModelId})` : ''}, so its tags show in AWS's cost reports; priced as its base model.`,
			baseModelId: p.baseModelId,
			billedHourly: false
		}));
}

export function provisionedChoices(items: ProvisionedThroughput[]): ArnChoice[] {
	return items.map((p) => ({
		id: p.arn,
		label: `Provisioned · ${p.name}${p.status === 'InService' ? '' : ` (${p.status})`}`,
		why: `Calls use the provisioned throughput ${p.name} (${p.modelId}), billed by the hour, not per token.${p.status === 'InService' ? '' : ' It answers once its status is InService.'}`,
		baseModelId: p.modelId || null,
		billedHourly: true
	}));
}
