/**
 * Model filtering: which filters go to AWS and which the server applies itself.
 *
 * ListFoundationModels supports byProvider, byOutputModality (TEXT|IMAGE|EMBEDDING),
 * byInferenceType (ON_DEMAND|PROVISIONED) and byCustomizationType; everything else (input
 * modality, streaming, lifecycle, free text, newer enum values AWS's filter does not know) is
 * applied here, to the AWS answer or to cached data. Applying an AWS-side filter again locally
 * is harmless, so the local pass always applies every filter — that keeps cached results
 * and fallback data correct too.
 */
import type { ListModelsInput, Model } from '../../schemas/models';

export interface AwsModelFilters {
	byProvider?: string;
	byOutputModality?: 'TEXT' | 'IMAGE' | 'EMBEDDING';
	byInferenceType?: 'ON_DEMAND' | 'PROVISIONED';
	byCustomizationType?: 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'DISTILLATION';
}

const AWS_OUTPUT_MODALITIES = new Set(['TEXT', 'IMAGE', 'EMBEDDING']);
const AWS_INFERENCE_TYPES = new Set(['ON_DEMAND', 'PROVISIONED']);

export function awsFiltersFor(input: ListModelsInput): AwsModelFilters {
	const filters: AwsModelFilters = {};
	if (input.provider) filters.byProvider = input.provider;
	if (input.outputModality && AWS_OUTPUT_MODALITIES.has(input.outputModality)) {
		filters.byOutputModality = input.outputModality as AwsModelFilters['byOutputModality'];
	}
	if (input.inferenceType && AWS_INFERENCE_TYPES.has(input.inferenceType)) {
		filters.byInferenceType = input.inferenceType as AwsModelFilters['byInferenceType'];
	}
	if (input.customization) filters.byCustomizationType = input.customization;
	return filters;
}

/** A stable string for the AWS-side part of a query (part of the cache key). */
export function awsFiltersKey(filters: AwsModelFilters): string {
	return (Object.keys(filters) as (keyof AwsModelFilters)[])
		.sort()
		.map((k) => `${k}=${filters[k]}`)
		.join('&');
}

const fold = (s: string) => s.toLowerCase();

export function matchesFilters(model: Model, input: ListModelsInput): boolean {
	if (input.provider && fold(model.providerName) !== fold(input.provider)) return false;
	if (input.inputModality && !model.inputModalities.includes(input.inputModality)) return false;
	if (input.outputModality && !model.outputModalities.includes(input.outputModality)) return false;
	if (input.inferenceType && !model.inferenceTypesSupported.includes(input.inferenceType))
		return false;
	if (input.customization && !model.customizationsSupported.includes(input.customization))
		return false;
	if (
		input.streaming !== undefined &&
		(model.responseStreamingSupported === true) !== input.streaming
	)
		return false;
	if (input.lifecycle && model.lifecycle.status !== input.lifecycle) return false;
	if (input.search) {
		const words = fold(input.search).split(/\s+/).filter(Boolean);
		const haystack = fold(`${model.modelId} ${model.modelName} ${model.providerName}`);
		if (!words.every((w) => haystack.includes(w))) return false;
	}
	return true;
}

export function applyFilters(models: readonly Model[], input: ListModelsInput): Model[] {
	return models.filter((m) => matchesFilters(m, input));
}
