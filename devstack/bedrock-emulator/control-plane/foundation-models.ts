// ListFoundationModels (four filters, not paginated) and GetFoundationModel. Answers are
// serialized once per region and filter combination and then served from memory.
import { foundationModelArn, regionCatalog } from '../catalog/catalog';
import type { OperationRequest } from '../context';
import * as errors from '../errors';

const ENUMS: Record<string, string[]> = {
	byCustomizationType: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'],
	byOutputModality: ['TEXT', 'IMAGE', 'EMBEDDING'],
	byInferenceType: ['ON_DEMAND', 'PROVISIONED']
};

function enumFilter(query: URLSearchParams, name: string): string | undefined {
	const value = query.get(name) ?? undefined;
	if (value !== undefined && !ENUMS[name]!.includes(value)) {
		throw errors.validation(
			`1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${ENUMS[name]!.join(', ')}]`
		);
	}
	return value;
}

export function listFoundationModels(op: OperationRequest): void {
	const byProvider = op.query.get('byProvider') ?? undefined;
	if (byProvider !== undefined && !/^[A-Za-z0-9- ]{1,63}$/.test(byProvider)) {
		throw errors.validation(
			`1 validation error detected: Value '${byProvider}' at 'byProvider' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9- ]{1,63}`
		);
	}
	const byCustomizationType = enumFilter(op.query, 'byCustomizationType');
	const byOutputModality = enumFilter(op.query, 'byOutputModality');
	const byInferenceType = enumFilter(op.query, 'byInferenceType');

	const rc = regionCatalog(op.caller.region);
	const cacheKey = [
		byProvider?.toLowerCase(),
		byCustomizationType,
		byOutputModality,
		byInferenceType
	].join('|');
	let body = rc.listCache.get(cacheKey);
	if (body === undefined) {
		const provider = byProvider?.toLowerCase();
		const modelSummaries = rc.summaries.filter(
			(m) =>
				(provider === undefined || m.providerName.toLowerCase() === provider) &&
				(byCustomizationType === undefined ||
					m.customizationsSupported.includes(byCustomizationType)) &&
				(byOutputModality === undefined || m.outputModalities.includes(byOutputModality)) &&
				(byInferenceType === undefined || m.inferenceTypesSupported.includes(byInferenceType))
		);
		body = JSON.stringify({ modelSummaries });
		rc.listCache.set(cacheKey, body);
	}
	op.ex.send(200, { 'content-type': 'application/json' }, body);
}

export function getFoundationModel(op: OperationRequest): void {
	const identifier = op.params.modelIdentifier ?? '';
	const region = op.caller.region;
	const rc = regionCatalog(region);
	const arnPrefix = foundationModelArn(region, '');
	const modelId = identifier.startsWith('arn:')
		? identifier.startsWith(arnPrefix)
			? identifier.slice(arnPrefix.length)
			: ''
		: identifier;
	let body = rc.detailCache.get(modelId);
	if (body === undefined) {
		const summary = rc.summaries.find((m) => m.modelId === modelId);
		if (!summary)
			throw errors.resourceNotFound(
				'Could not resolve the foundation model from the provided model identifier.'
			);
		body = JSON.stringify({ modelDetails: summary });
		rc.detailCache.set(modelId, body);
	}
	op.ex.send(200, { 'content-type': 'application/json' }, body);
}
