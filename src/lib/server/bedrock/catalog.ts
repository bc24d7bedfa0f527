/**
 * Reading the foundation model catalog and the inference profiles from AWS, shaped for the API.
 */
import {
	GetFoundationModelCommand,
	ListFoundationModelsCommand,
	ListInferenceProfilesCommand,
	type FoundationModelSummary,
	type InferenceProfileSummary
} from '@aws-sdk/client-bedrock';
import type { InferenceProfileRef, Model } from '../../schemas/models';
import type { BedrockClients } from './clients';
import type { AwsModelFilters } from './filters';

const iso = (d: Date | string | undefined) =>
	d === undefined ? undefined : d instanceof Date ? d.toISOString() : String(d);

export function toModel(
	summary: FoundationModelSummary,
	profiles: InferenceProfileRef[] = []
): Model {
	const inferenceTypes = (summary.inferenceTypesSupported ?? []) as string[];
	const lifecycle = summary.modelLifecycle;
	return {
		modelId: summary.modelId ?? '',
		modelArn: summary.modelArn ?? '',
		modelName: summary.modelName ?? summary.modelId ?? '',
		providerName: summary.providerName ?? '',
		inputModalities: (summary.inputModalities ?? []) as string[],
		outputModalities: (summary.outputModalities ?? []) as string[],
		responseStreamingSupported: summary.responseStreamingSupported ?? null,
		customizationsSupported: (summary.customizationsSupported ?? []) as string[],
		inferenceTypesSupported: inferenceTypes,
		lifecycle: {
			status: lifecycle?.status ?? 'ACTIVE',
			...(lifecycle?.startOfLifeTime ? { startOfLifeTime: iso(lifecycle.startOfLifeTime) } : {}),
			...(lifecycle?.legacyTime ? { legacyTime: iso(lifecycle.legacyTime) } : {}),
			...(lifecycle?.publicExtendedAccessTime
				? { publicExtendedAccessTime: iso(lifecycle.publicExtendedAccessTime) }
				: {}),
			...(lifecycle?.endOfLifeTime ? { endOfLifeTime: iso(lifecycle.endOfLifeTime) } : {})
		},
		inferenceProfiles: profiles,
		requiresInferenceProfile:
			inferenceTypes.includes('INFERENCE_PROFILE') && !inferenceTypes.includes('ON_DEMAND'),
		sample: false
	};
}

/** modelId → system-defined profiles in this region that route to it. */
export type ProfileIndex = ReadonlyMap<string, InferenceProfileRef[]>;

export function indexProfiles(summaries: readonly InferenceProfileSummary[]): ProfileIndex {
	const index = new Map<string, InferenceProfileRef[]>();
	for (const p of summaries) {
		if (!p.inferenceProfileId) continue;
		const ref: InferenceProfileRef = {
			id: p.inferenceProfileId,
			name: p.inferenceProfileName ?? p.inferenceProfileId,
			...(p.inferenceProfileArn ? { arn: p.inferenceProfileArn } : {})
		};
		const modelIds = new Set(
			(p.models ?? [])
				.map((m) => m.modelArn?.split('foundation-model/')[1])
				.filter((id): id is string => Boolean(id))
		);
		for (const modelId of modelIds) {
			const list = index.get(modelId) ?? [];
			list.push(ref);
			index.set(modelId, list);
		}
	}
	for (const list of index.values()) list.sort((a, b) => a.id.localeCompare(b.id));
	return index;
}

export async function listFoundationModels(
	clients: BedrockClients,
	filters: AwsModelFilters
): Promise<FoundationModelSummary[]> {
	try {
		const out = await clients.control.send(new ListFoundationModelsCommand(filters));
		return out.modelSummaries ?? [];
	} catch (err) {
		throw clients.describe(err, { iamAction: 'bedrock:ListFoundationModels' });
	}
}

export async function listSystemInferenceProfiles(
	clients: BedrockClients
): Promise<InferenceProfileSummary[]> {
	const all: InferenceProfileSummary[] = [];
	let nextToken: string | undefined;
	try {
		for (let page = 0; page < 20; page++) {
			const out = await clients.control.send(
				new ListInferenceProfilesCommand({
					typeEquals: 'SYSTEM_DEFINED',
					maxResults: 1000,
					nextToken
				})
			);
			all.push(...(out.inferenceProfileSummaries ?? []));
			nextToken = out.nextToken;
			if (!nextToken) break;
		}
	} catch (err) {
		throw clients.describe(err, { iamAction: 'bedrock:ListInferenceProfiles' });
	}
	return all;
}

export async function getFoundationModel(
	clients: BedrockClients,
	modelId: string
): Promise<FoundationModelSummary> {
	try {
		const out = await clients.control.send(
			new GetFoundationModelCommand({ modelIdentifier: modelId })
		);
		if (!out.modelDetails)
			throw Object.assign(new Error(`Model ${modelId} not found`), {
				name: 'ResourceNotFoundException'
			});
		return out.modelDetails;
	} catch (err) {
		throw clients.describe(err, { iamAction: 'bedrock:GetFoundationModel', modelId });
	}
}
