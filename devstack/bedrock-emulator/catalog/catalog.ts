// Loads the curated catalog (models.json, profiles.json, regions.json: data, not code) once, and
// precomputes per region what the control plane and the runtime look up on every request.
import { readFileSync } from 'node:fs';

export type NativeFormat =
	| 'titan-text'
	| 'titan-embed'
	| 'nova'
	| 'anthropic-text'
	| 'anthropic-messages'
	| 'llama'
	| 'mistral'
	| 'openai-chat'
	| 'deepseek-r1'
	| 'cohere-embed';

export interface ModelLifecycle {
	status: 'ACTIVE' | 'LEGACY';
	startOfLifeTime?: string;
	legacyTime?: string;
	publicExtendedAccessTime?: string;
	endOfLifeTime?: string;
}

export interface CatalogProfile {
	inferenceProfileId: string;
	inferenceProfileName: string;
	description: string;
	createdAt: string;
	updatedAt: string;
	modelId: string;
	/** Regions whose ListInferenceProfiles shows this profile (and accept it on the runtime). */
	sourceRegions: string[];
	/** Regions it routes to; null for `global.` profiles (routes anywhere). */
	destinationRegions: string[] | null;
}

/** The wire shape of FoundationModelSummary / FoundationModelDetails. */
export interface FoundationModelSummary {
	modelArn: string;
	modelId: string;
	modelName: string;
	providerName: string;
	inputModalities: string[];
	outputModalities: string[];
	responseStreamingSupported?: boolean;
	customizationsSupported: string[];
	inferenceTypesSupported: string[];
	modelLifecycle: ModelLifecycle;
}

/** A catalog entry: the wire fields (the ARN is derived per region) plus what the emulator needs. */
export interface CatalogModel extends Omit<FoundationModelSummary, 'modelArn'> {
	/** Which native InvokeModel body the model speaks; null = none emulated (image, rerank). */
	nativeFormat: NativeFormat | null;
	regions: string[];
}

const readJson = <T>(name: string): T =>
	JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T;

export const catalogModels: readonly CatalogModel[] = readJson<CatalogModel[]>('./models.json');
export const catalogProfiles: readonly CatalogProfile[] =
	readJson<CatalogProfile[]>('./profiles.json');
export const bedrockRegions: ReadonlySet<string> = new Set(
	readJson<{ bedrockRegions: string[] }>('./regions.json').bedrockRegions
);

export const foundationModelArn = (region: string, modelId: string) =>
	`arn:aws:bedrock:${region}::foundation-model/${modelId}`;

export function toSummary(model: CatalogModel, region: string): FoundationModelSummary {
	const s: FoundationModelSummary = {
		modelArn: foundationModelArn(region, model.modelId),
		modelId: model.modelId,
		modelName: model.modelName,
		providerName: model.providerName,
		inputModalities: model.inputModalities,
		outputModalities: model.outputModalities,
		customizationsSupported: model.customizationsSupported,
		inferenceTypesSupported: model.inferenceTypesSupported,
		modelLifecycle: model.modelLifecycle
	};
	// AWS omits the flag for some image/embedding models; keep the key order AWS uses.
	const ordered: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(s)) {
		if (k === 'customizationsSupported' && model.responseStreamingSupported !== undefined) {
			ordered.responseStreamingSupported = model.responseStreamingSupported;
		}
		ordered[k] = v;
	}
	return ordered as unknown as FoundationModelSummary;
}

/** Everything about one region, built on first use and then shared by every request. */
export interface RegionCatalog {
	region: string;
	models: Map<string, CatalogModel>;
	summaries: FoundationModelSummary[];
	profiles: Map<string, CatalogProfile>;
	/** Serialized ListFoundationModels answers keyed by the normalised filter tuple. */
	listCache: Map<string, string>;
	/** Serialized GetFoundationModel answers keyed by model id. */
	detailCache: Map<string, string>;
}

const regionCatalogs = new Map<string, RegionCatalog>();

export function regionCatalog(region: string): RegionCatalog {
	let rc = regionCatalogs.get(region);
	if (rc) return rc;
	const models = new Map<string, CatalogModel>();
	for (const m of catalogModels) if (m.regions.includes(region)) models.set(m.modelId, m);
	const profiles = new Map<string, CatalogProfile>();
	for (const p of catalogProfiles)
		if (p.sourceRegions.includes(region)) profiles.set(p.inferenceProfileId, p);
	rc = {
		region,
		models,
		summaries: [...models.values()].map((m) => toSummary(m, region)),
		profiles,
		listCache: new Map(),
		detailCache: new Map()
	};
	regionCatalogs.set(region, rc);
	return rc;
}

export const findModel = (modelId: string) => catalogModels.find((m) => m.modelId === modelId);
