// Turns the runtime's model identifier (base id, foundation-model ARN, inference-profile id or
// ARN, provisioned-model ARN) into the catalog model that answers, applying AWS's rules: the id
// must exist in the signing region, and models sold only through inference profiles refuse
// on-demand calls with AWS's own ValidationException.
import {
	findModel,
	foundationModelArn,
	regionCatalog,
	type CatalogModel
} from '../catalog/catalog';
import type { Caller, EmulatorContext } from '../context';
import * as errors from '../errors';
import { hasModelAccess, isResourceAllowed } from '../keys';
import { provisionedStatus } from '../state';

export interface ResolvedModel {
	model: CatalogModel;
	/** The ARN IAM would evaluate for this call. */
	resourceArn: string;
	via: 'on-demand' | 'inference-profile' | 'application-profile' | 'provisioned';
}

const ARN_PATTERN = /^arn:aws(?:-[a-z-]+)?:bedrock:([a-z0-9-]*):(\d{12})?:([a-z-]+)\/(.+)$/;
const PROFILE_PREFIX = /^(us|eu|apac|global|us-gov|ca|jp|au|in)\./;

function onDemand(identifier: string, region: string): ResolvedModel {
	const model = regionCatalog(region).models.get(identifier);
	if (!model) throw errors.invalidModelIdentifier();
	if (!model.inferenceTypesSupported.includes('ON_DEMAND')) {
		if (model.inferenceTypesSupported.includes('INFERENCE_PROFILE'))
			throw errors.onDemandNotSupported(identifier);
		throw errors.invalidModelIdentifier();
	}
	return { model, resourceArn: foundationModelArn(region, identifier), via: 'on-demand' };
}

function throughProfile(profileId: string, caller: Caller): ResolvedModel {
	const profile = regionCatalog(caller.region).profiles.get(profileId);
	const model = profile && findModel(profile.modelId);
	if (!profile || !model) throw errors.invalidModelIdentifier();
	return {
		model,
		resourceArn: `arn:aws:bedrock:${caller.region}:${caller.key.accountId}:inference-profile/${profileId}`,
		via: 'inference-profile'
	};
}

function throughApplicationProfile(
	id: string,
	arn: string,
	caller: Caller,
	ctx: EmulatorContext
): ResolvedModel {
	const profile = ctx.state.applicationProfilesFor(caller.region, caller.key.accountId).get(id);
	const model = profile && findModel(profile.foundationModelId);
	if (!profile || profile.inferenceProfileArn !== arn || !model)
		throw errors.invalidModelIdentifier();
	return { model, resourceArn: profile.inferenceProfileArn, via: 'application-profile' };
}

function throughProvisioned(
	id: string,
	arn: string,
	caller: Caller,
	ctx: EmulatorContext
): ResolvedModel {
	const pt = ctx.state.provisionedFor(caller.region, caller.key.accountId).get(id);
	const model = pt && findModel(pt.foundationModelId);
	if (!pt || !model) throw errors.resourceNotFound(`Provisioned model ${arn} was not found.`);
	if (provisionedStatus(pt) !== 'InService') {
		throw errors.validation(
			`The provisioned model ${pt.provisionedModelName} is not in service yet. Retry when its status is InService.`
		);
	}
	return { model, resourceArn: pt.provisionedModelArn, via: 'provisioned' };
}

export function resolveModel(
	identifier: string,
	caller: Caller,
	ctx: EmulatorContext
): ResolvedModel {
	const arn = ARN_PATTERN.exec(identifier);
	if (arn) {
		const [, region, account, type, id] = arn;
		if (region !== caller.region) throw errors.invalidModelIdentifier();
		if (type === 'foundation-model') return onDemand(id!, caller.region);
		if (account !== caller.key.accountId) throw errors.invalidModelIdentifier();
		if (type === 'inference-profile') return throughProfile(id!, caller);
		if (type === 'provisioned-model') return throughProvisioned(id!, identifier, caller, ctx);
		if (type === 'application-inference-profile')
			return throughApplicationProfile(id!, identifier, caller, ctx);
		throw errors.invalidModelIdentifier(); // custom and imported models are not emulated
	}
	if (PROFILE_PREFIX.test(identifier)) return throughProfile(identifier, caller);
	return onDemand(identifier, caller.region);
}

/**
 * IAM's resource check for the ARN the call names. Policies are matched literally, so a key
 * allowed `…:inference-profile/*` is refused on `…:application-inference-profile/*` (a trap
 * AWS users hit: the two resource types only look alike).
 */
export function checkResourceAllowed(
	resolved: ResolvedModel,
	caller: Caller,
	action: string
): void {
	if (!isResourceAllowed(caller.key, resolved.resourceArn))
		throw errors.actionNotAuthorized(caller.key.userArn, action, resolved.resourceArn);
}

/** Model access is granted per base model; provisioned variants (`…:48k`) share their base's grant. */
export function checkModelAccess(resolved: ResolvedModel, caller: Caller): void {
	if (!hasModelAccess(caller.key, resolved.model.modelId)) throw errors.modelAccessDenied();
}
