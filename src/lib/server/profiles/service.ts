/**
 * profiles.*: system-defined and application inference profiles in the caller's account and
 * Region. Application profiles show their tags (one ListTagsForResource each, a few at a time);
 * a profile whose tags cannot be read is still listed, with the reason.
 */
import { randomUUID } from 'node:crypto';
import type { InferenceProfileSummary } from '@aws-sdk/client-bedrock';
import type { CreateProfileInput, ListProfilesOutput, Profile } from '../../schemas/profiles';
import type { BedrockAccess } from '../access/types';
import type { BedrockClients } from '../aws/clients';
import { BedrockCallError } from '../aws/errors';
import { AppError } from '../errors';
import { toProfileRef } from '../models/catalog';
import { forgetResolvedTarget, rememberResolvedTarget } from '../usage/call-targets';
import { createProfile, deleteProfile, getProfile, listProfiles, tagsOf } from './aws';

const TAG_READS_AT_ONCE = 4;

const iso = (d: Date | string | undefined) =>
	d === undefined ? null : d instanceof Date ? d.toISOString() : String(d);

function toProfile(summary: InferenceProfileSummary): Profile | undefined {
	const ref = toProfileRef(summary);
	if (!ref) return undefined;
	const bases = new Set(ref.models.map((m) => m.modelId));
	const [only] = [...bases];
	return {
		...ref,
		arn: ref.arn ?? '',
		baseModelId: bases.size === 1 && only ? only : null,
		tags: null,
		createdAt: iso(summary.createdAt)
	};
}

async function withTags(clients: BedrockClients, profiles: Profile[]): Promise<Profile[]> {
	const out = [...profiles];
	for (let i = 0; i < out.length; i += TAG_READS_AT_ONCE) {
		await Promise.all(
			out.slice(i, i + TAG_READS_AT_ONCE).map(async (p, j) => {
				try {
					out[i + j] = { ...p, tags: await tagsOf(clients, p.arn) };
				} catch (err) {
					const why =
						err instanceof BedrockCallError ? `${err.awsError}: ${err.message}` : 'failed';
					out[i + j] = { ...p, tagsError: `Tags could not be read (${why}).` };
				}
			})
		);
	}
	return out;
}

export async function listProfilesFor(
	access: BedrockAccess,
	filter: { type?: 'SYSTEM_DEFINED' | 'APPLICATION'; modelId?: string }
): Promise<ListProfilesOutput> {
	const clients = await access.clients();
	const types = filter.type ? [filter.type] : (['SYSTEM_DEFINED', 'APPLICATION'] as const);
	const lists = await Promise.all(types.map((t) => listProfiles(clients, t)));
	let profiles = lists
		.flat()
		.map(toProfile)
		.filter((p): p is Profile => p !== undefined);
	if (filter.modelId) profiles = profiles.filter((p) => p.baseModelId === filter.modelId);
	const system = profiles.filter((p) => p.type !== 'APPLICATION');
	const application = await withTags(
		clients,
		profiles.filter((p) => p.type === 'APPLICATION')
	);
	for (const p of application) rememberResolvedTarget(p.arn, p.baseModelId);
	return { profiles: [...system, ...application], region: access.region };
}

export async function createProfileFor(
	access: BedrockAccess,
	input: CreateProfileInput
): Promise<Profile> {
	const clients = await access.clients();
	let arn: string;
	try {
		arn = await createProfile(clients, {
			...input,
			clientRequestToken: input.clientRequestToken ?? randomUUID()
		});
	} catch (err) {
		if (err instanceof BedrockCallError && err.awsError === 'ConflictException')
			throw new AppError('CONFLICT', err.message, {
				awsError: err.awsError,
				hint: 'An inference profile with this name already exists in this account and Region. Choose another name.',
				cause: err
			});
		throw err;
	}
	const created = toProfile(await getProfile(clients, arn));
	if (!created)
		throw new AppError('BAD_GATEWAY', 'AWS created the profile but did not describe it.');
	rememberResolvedTarget(created.arn, created.baseModelId);
	const [tagged] = await withTags(clients, [created]);
	return tagged ?? created;
}

export async function deleteProfileFor(
	access: BedrockAccess,
	arn: string
): Promise<{ deleted: true; arn: string }> {
	await deleteProfile(await access.clients(), arn);
	forgetResolvedTarget(arn);
	return { deleted: true, arn };
}
