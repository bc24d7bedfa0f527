/**
 * What the playground offers: text models this Region can run on demand, and models that run
 * only through a cross-Region inference profile, offered by that profile with the reason.
 * Chat and Compare take text models; the Native tab also takes embedding models, whose body
 * only InvokeModel accepts.
 */
import type { Model } from '$lib/schemas/models';
import { nativeFamilyOf, type NativeFamily } from '$lib/schemas/native-formats';

export interface ModelChoice {
	/** The id to call: the model id, or the inference profile id. */
	id: string;
	label: string;
	/** Why a profile is used instead of the model id. */
	why?: string;
}

/** How `m` can be invoked here: by its id on demand, through a profile, or not at all. */
function invocableChoice(m: Model): ModelChoice | undefined {
	const label = `${m.providerName} · ${m.modelName}`;
	if (m.requiresInferenceProfile) {
		const profile = m.inferenceProfiles[0];
		if (!profile) return undefined;
		return {
			id: profile.id,
			label: `${label} (profile)`,
			why: `${m.modelName} is not offered on demand in this Region, so it runs through the cross-Region inference profile ${profile.id}.`
		};
	}
	return m.inferenceTypesSupported.includes('ON_DEMAND') ? { id: m.modelId, label } : undefined;
}

const byLabel = (a: ModelChoice, b: ModelChoice) => a.label.localeCompare(b.label);

export function chatModelChoices(models: Model[]): ModelChoice[] {
	const choices: ModelChoice[] = [];
	for (const m of models) {
		const chat =
			m.inputModalities.includes('TEXT') &&
			m.outputModalities.includes('TEXT') &&
			!m.outputModalities.includes('EMBEDDING');
		const choice = chat ? invocableChoice(m) : undefined;
		if (choice) choices.push(choice);
	}
	return choices.sort(byLabel);
}

export interface NativeChoice extends ModelChoice {
	family: NativeFamily;
}

/** Models the Native tab has a body template for (text and embedding models). */
export function nativeModelChoices(models: Model[]): NativeChoice[] {
	const choices: NativeChoice[] = [];
	for (const m of models) {
		const family = nativeFamilyOf(m.modelId);
		const choice = family ? invocableChoice(m) : undefined;
		if (choice && family) choices.push({ ...choice, family });
	}
	return choices.sort(byLabel);
}
