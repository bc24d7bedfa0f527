/**
 * What the playground offers: text models this Region can run on demand, and models that run
 * only through a cross-Region inference profile, offered by that profile with the reason.
 * Embedding and image models are left out (they need the native InvokeModel body).
 */
import type { Model } from '$lib/schemas/models';

export interface ModelChoice {
	/** The id to call: the model id, or the inference profile id. */
	id: string;
	label: string;
	/** Why a profile is used instead of the model id. */
	why?: string;
}

export function chatModelChoices(models: Model[]): ModelChoice[] {
	const choices: ModelChoice[] = [];
	for (const m of models) {
		const chat =
			m.inputModalities.includes('TEXT') &&
			m.outputModalities.includes('TEXT') &&
			!m.outputModalities.includes('EMBEDDING');
		if (!chat) continue;
		const label = `${m.providerName} · ${m.modelName}`;
		if (m.requiresInferenceProfile) {
			const profile = m.inferenceProfiles[0];
			if (!profile) continue;
			choices.push({
				id: profile.id,
				label: `${label} (profile)`,
				why: `${m.modelName} is not offered on demand in this Region, so it runs through the cross-Region inference profile ${profile.id}.`
			});
		} else if (m.inferenceTypesSupported.includes('ON_DEMAND')) {
			choices.push({ id: m.modelId, label });
		}
	}
	return choices.sort((a, b) => a.label.localeCompare(b.label));
}
