// ListInferenceProfiles and GetInferenceProfile: the system-defined cross-region profiles whose
// source region is the caller's region, then the caller's application profiles (typeEquals picks
// one kind). Profile ARNs carry the caller's account, as on AWS.
import { foundationModelArn, regionCatalog, type CatalogProfile } from '../catalog/catalog';
import type { OperationRequest } from '../context';
import * as errors from '../errors';
import {
	applicationStore,
	applicationSummary,
	findApplicationProfile
} from './application-profiles';

function toSummary(p: CatalogProfile, region: string, accountId: string) {
	const models =
		p.destinationRegions === null
			? [
					{ modelArn: `arn:aws:bedrock:::foundation-model/${p.modelId}` },
					{ modelArn: foundationModelArn(region, p.modelId) }
				]
			: p.destinationRegions.map((r) => ({ modelArn: foundationModelArn(r, p.modelId) }));
	return {
		inferenceProfileName: p.inferenceProfileName,
		description: p.description,
		createdAt: p.createdAt,
		updatedAt: p.updatedAt,
		inferenceProfileArn: `arn:aws:bedrock:${region}:${accountId}:inference-profile/${p.inferenceProfileId}`,
		models,
		inferenceProfileId: p.inferenceProfileId,
		status: 'ACTIVE',
		type: 'SYSTEM_DEFINED'
	};
}

export function listInferenceProfiles(op: OperationRequest): void {
	const { region, key } = op.caller;
	const type = op.query.get('type');
	if (type !== null && type !== 'SYSTEM_DEFINED' && type !== 'APPLICATION') {
		throw errors.validation(
			`1 validation error detected: Value '${type}' at 'typeEquals' failed to satisfy constraint: Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]`
		);
	}
	const maxResults = Number(op.query.get('maxResults') ?? 1000);
	if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
		throw errors.validation(
			`1 validation error detected: Value '${op.query.get('maxResults')}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`
		);
	}
	const system =
		type === 'APPLICATION'
			? []
			: [...regionCatalog(region).profiles.values()].map((p) =>
					toSummary(p, region, key.accountId)
				);
	const application =
		type === 'SYSTEM_DEFINED' ? [] : [...applicationStore(op).values()].map(applicationSummary);
	const all = [...system, ...application];
	const start =
		Number(
			op.query.get('nextToken')
				? Buffer.from(op.query.get('nextToken')!, 'base64url').toString()
				: 0
		) || 0;
	const page = all.slice(start, start + maxResults);
	const next =
		start + maxResults < all.length
			? Buffer.from(String(start + maxResults)).toString('base64url')
			: undefined;
	op.ex.sendJson(200, { inferenceProfileSummaries: page, ...(next ? { nextToken: next } : {}) });
}

export function getInferenceProfile(op: OperationRequest): void {
	const { region, key } = op.caller;
	const identifier = op.params.inferenceProfileIdentifier ?? '';
	const application = findApplicationProfile(op, identifier);
	if (application) return op.ex.sendJson(200, applicationSummary(application));
	const arnPrefix = `arn:aws:bedrock:${region}:${key.accountId}:inference-profile/`;
	const id = identifier.startsWith('arn:')
		? identifier.startsWith(arnPrefix)
			? identifier.slice(arnPrefix.length)
			: ''
		: identifier;
	const profile = regionCatalog(region).profiles.get(id);
	if (!profile) throw errors.resourceNotFound(`Inference profile ${identifier} not found.`);
	op.ex.sendJson(200, toSummary(profile, region, key.accountId));
}
