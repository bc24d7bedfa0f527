/**
 * models.list / models.get: the user's catalog, cached, with the inference profiles that
 * serve each model, or flagged sample data (with the reason) when there is nothing better.
 */
import { DEFAULT_REGION } from '../../schemas/regions';
import type {
	GetModelOutput,
	ListModelsInput,
	ListModelsOutput,
	Model
} from '../../schemas/models';
import { AppError } from '../errors';
import { BedrockCallError, describeAwsError } from '../aws/errors';
import {
	getFoundationModel,
	indexProfiles,
	listFoundationModels,
	listSystemInferenceProfiles,
	toModel,
	type ProfileIndex
} from './catalog';
import type { BedrockClients } from '../aws/clients';
import { fallbackModels } from './fallback';
import { applyFilters, awsFiltersFor, awsFiltersKey } from './filters';
import { modelsCache } from '../cache/models';
import { NO_CREDENTIALS_HINT, NO_CREDENTIALS_MESSAGE } from '../access/no-credentials';
import type { BedrockAccess } from '../access/types';
import { SingleFlight } from '../cache/single-flight';
import { InflightRefusal } from '../limits/inflight';
import type { AwsSlot } from '../limits/procedures';

/** One AWS fetch per user, Region and list (or model) at a time; see single-flight.ts. */
const listFetches = new SingleFlight<Model[]>();
const modelFetches = new SingleFlight<Model>();

export const NO_CREDENTIALS_REASON = `${NO_CREDENTIALS_MESSAGE} These are sample models (legacy sample data), not your catalog.`;

/** Profiles are a nice-to-have: without bedrock:ListInferenceProfiles the list still works. */
async function profilesFor(access: BedrockAccess, clients: BedrockClients): Promise<ProfileIndex> {
	const cached = modelsCache.getProfiles(access.cacheKey);
	if (cached) return cached;
	try {
		const index = indexProfiles(await listSystemInferenceProfiles(clients));
		modelsCache.setProfiles(access.cacheKey, index);
		return index;
	} catch {
		return new Map();
	}
}

function withProfiles(models: Model[], index: ProfileIndex): Model[] {
	return models.map((m) => ({ ...m, inferenceProfiles: index.get(m.modelId) ?? [] }));
}

function asFailure(err: unknown, access: BedrockAccess): BedrockCallError | AppError {
	if (err instanceof AppError) return err;
	return describeAwsError(err, {
		region: access.region,
		...(access.accessKeyIdMasked ? { accessKeyIdMasked: access.accessKeyIdMasked } : {})
	});
}

function fallbackList(
	input: ListModelsInput,
	region: string,
	reason: string,
	failure?: AppError
): ListModelsOutput {
	return {
		models: applyFilters(fallbackModels(region), input),
		usingFallback: true,
		reason,
		...(failure?.awsError ? { awsError: failure.awsError } : {}),
		...(failure?.hint ? { hint: failure.hint } : {}),
		region
	};
}

export async function listModels(
	access: BedrockAccess | null,
	input: ListModelsInput,
	awsSlot: AwsSlot
): Promise<ListModelsOutput> {
	const useFallbackOnError = input.useFallbackOnError ?? true;
	if (!access) return fallbackList(input, DEFAULT_REGION, NO_CREDENTIALS_REASON);

	const awsFilters = awsFiltersFor(input);
	const filtersKey = awsFiltersKey(awsFilters);
	const cached = modelsCache.getList(access.cacheKey, filtersKey);
	if (cached)
		return { models: applyFilters(cached, input), usingFallback: false, region: access.region };

	try {
		const models = await listFetches.run(`${access.cacheKey}\n${filtersKey}`, () =>
			awsSlot(async () => {
				const clients = await access.clients();
				const [summaries, profiles] = await Promise.all([
					listFoundationModels(clients, awsFilters),
					profilesFor(access, clients)
				]);
				const fetched = withProfiles(
					summaries.map((s) => toModel(s)),
					profiles
				);
				modelsCache.setList(access.cacheKey, filtersKey, fetched);
				return fetched;
			})
		);
		return { models: applyFilters(models, input), usingFallback: false, region: access.region };
	} catch (err) {
		if (err instanceof InflightRefusal) throw err;
		const failure = asFailure(err, access);
		if (!useFallbackOnError) throw failure;
		const because = failure.awsError
			? `AWS refused to list models (${failure.awsError}: ${failure.message})`
			: failure.message;
		return fallbackList(
			input,
			access.region,
			`${because}; showing sample models (legacy sample data) instead.`,
			failure
		);
	}
}

export async function getModel(
	access: BedrockAccess | null,
	modelId: string,
	awsSlot: AwsSlot
): Promise<GetModelOutput> {
	if (!access) {
		const sample = fallbackModels(DEFAULT_REGION).find((m) => m.modelId === modelId);
		if (sample)
			return {
				model: sample,
				usingFallback: true,
				reason: NO_CREDENTIALS_REASON,
				region: DEFAULT_REGION
			};
		throw new AppError('NOT_FOUND', `${NO_CREDENTIALS_MESSAGE} No sample details for ${modelId}.`, {
			hint: NO_CREDENTIALS_HINT
		});
	}
	const cacheSlot = `get:${modelId}`;
	const cached = modelsCache.getList(access.cacheKey, cacheSlot)?.[0];
	if (cached) return { model: cached, usingFallback: false, region: access.region };
	try {
		const model = await modelFetches.run(`${access.cacheKey}\n${cacheSlot}`, () =>
			awsSlot(async () => {
				const clients = await access.clients();
				const [details, profiles] = await Promise.all([
					getFoundationModel(clients, modelId),
					profilesFor(access, clients)
				]);
				const fetched = toModel(details, profiles.get(details.modelId ?? modelId) ?? []);
				modelsCache.setList(access.cacheKey, cacheSlot, [fetched]);
				return fetched;
			})
		);
		return { model, usingFallback: false, region: access.region };
	} catch (err) {
		throw asFailure(err, access);
	}
}
