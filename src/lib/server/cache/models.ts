/**
 * Five-minute cache of model lists and inference profiles per stored credentials and region.
 *
 * Keyed by `userId|updatedAt|region` (BedrockAccess.cacheKey), which one RLS query of the
 * non-secret columns yields: a hit needs no decryption and no AWS call, and a credentials
 * change on ANY instance changes updated_at, so no instance serves a stale list for new keys.
 * Local saves and deletes also drop the user's entries at once (forgetUser).
 */
import type { Model } from '../../schemas/models';
import type { ProfileIndex } from '../models/catalog';
import { LruCache } from './lru';

export const MODELS_TTL_MS = 5 * 60_000;

const modelLists = new LruCache<Model[]>(500, MODELS_TTL_MS);
const profileIndexes = new LruCache<ProfileIndex>(200, MODELS_TTL_MS);

export const modelsCache = {
	getList: (accessKey: string, filtersKey: string) => modelLists.get(`${accessKey}#${filtersKey}`),
	setList: (accessKey: string, filtersKey: string, models: Model[]) =>
		modelLists.set(`${accessKey}#${filtersKey}`, models),
	getProfiles: (accessKey: string) => profileIndexes.get(accessKey),
	setProfiles: (accessKey: string, index: ProfileIndex) => profileIndexes.set(accessKey, index)
};

export function forgetModels(userId: string): void {
	modelLists.deletePrefix(`${userId}|`);
	profileIndexes.deletePrefix(`${userId}|`);
}
