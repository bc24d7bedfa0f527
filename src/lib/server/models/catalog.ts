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
import type { InferenceProfileRef, Model, ProfileRoute } from '../../schemas/models';
import type { BedrockClients } from '../aws/clients';
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

const FOUNDATION_MODEL = 'foundation-model/';

/**
 * `arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0` → its
 * Region and model id. The Region part is empty in a global profile's "any Region" entry, and
 * model ids contain colons, so the resource is everything after the fifth colon.
 */
export function profileRoute(modelArn: string): ProfileRoute | undefined {
	const parts = modelArn.split(':');
	if (parts[0] !== 'arn' || parts.length < 6) return undefined;
	const resource = parts.slice(5).join(':');
	if (!resource.startsWith(FOUNDATION_MODEL)) return undefined;
	const modelId = resource.slice(FOUNDATION_MODEL.length);
	return modelId ? { modelArn, region: parts[3] || null, modelId } : undefined;
}

export function toProfileRef(summary: InferenceProfileSummary): InferenceProfileRef | undefined {
	if (!summary.inferenceProfileId) return undefined;
	return {
		id: summary.inferenceProfileId,
		name: summary.inferenceProfileName ?? summary.inferenceProfileId,
		...(summary.inferenceProfileArn ? { arn: summary.inferenceProfileArn } : {}),
		// Both are required in AWS's API; only the SDK's types leave them optional.
		status: summary.status ?? 'UNKNOWN',
		type: summary.type ?? 'UNKNOWN',
		...(summary.description ? { description: summary.description } : {}),
		models: (summary.models ?? [])
			.map((m) => (m.modelArn ? profileRoute(m.modelArn) : undefined))
			.filter((route): route is ProfileRoute => route !== undefined)
	};
}

export function indexProfiles(summaries: readonly InferenceProfileSummary[]): ProfileIndex {
	const index = new Map<string, InferenceProfileRef[]>();
	for (const summary of summaries) {
		const ref = toProfileRef(summary);
		if (!ref) continue;
		for (const modelId of new Set(ref.models.map((route) => route.modelId))) {
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
