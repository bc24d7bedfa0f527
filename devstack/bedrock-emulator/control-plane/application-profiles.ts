// Application inference profiles: CreateInferenceProfile (a tagged copy of a foundation model's
// or a system profile's routes), DeleteInferenceProfile, and ListTagsForResource for them and for
// provisioned throughputs. Kept in memory per region and account; Get and List live in
// inference-profiles.ts and read from here. Profiles are immutable, as on AWS.
import { randomBytes } from 'node:crypto';
import { foundationModelArn, regionCatalog } from '../catalog/catalog';
import type { OperationRequest } from '../context';
import * as errors from '../errors';
import type { ApplicationProfile } from '../state';
import { parseJsonBody } from '../runtime/prepare';

const NAME_PATTERN = /^([0-9a-zA-Z:.][ _-]?){1,64}$/;
const COPY_FROM =
	/^arn:aws(?:-[a-z-]+)?:bedrock:([a-z0-9-]{0,20}):(\d{12})?:(inference-profile|foundation-model)\/([a-zA-Z0-9:._-]+)$/;
const MAX_TAGS = 200;

function newId(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function applicationStore(op: OperationRequest): Map<string, ApplicationProfile> {
	return op.ctx.state.applicationProfilesFor(op.caller.region, op.caller.key.accountId);
}

/** By id or ARN; undefined when it is not an application profile of the caller's account. */
export function findApplicationProfile(
	op: OperationRequest,
	identifier: string
): ApplicationProfile | undefined {
	const all = applicationStore(op);
	if (!identifier.startsWith('arn:')) return all.get(identifier);
	const found = all.get(identifier.split('/').pop() ?? '');
	return found?.inferenceProfileArn === identifier ? found : undefined;
}

/** The wire shape GetInferenceProfile and ListInferenceProfiles answer with. */
export function applicationSummary(p: ApplicationProfile) {
	return {
		inferenceProfileName: p.inferenceProfileName,
		...(p.description ? { description: p.description } : {}),
		createdAt: p.createdAt,
		updatedAt: p.updatedAt,
		inferenceProfileArn: p.inferenceProfileArn,
		models: p.modelArns.map((modelArn) => ({ modelArn })),
		inferenceProfileId: p.inferenceProfileId,
		status: 'ACTIVE',
		type: 'APPLICATION'
	};
}

function validationOf(field: string, value: unknown, constraint: string) {
	return errors.validation(
		`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`
	);
}

function readTags(value: unknown): { key: string; value: string }[] {
	if (value === undefined) return [];
	if (!Array.isArray(value)) throw validationOf('tags', value, 'Member must be a list');
	if (value.length > MAX_TAGS)
		throw new errors.AwsError(
			'TooManyTagsException',
			400,
			`The request contains more than ${MAX_TAGS} tags.`
		);
	return value.map((tag, i) => {
		const t = tag as { key?: unknown; value?: unknown } | null;
		if (!t || typeof t.key !== 'string' || t.key.length < 1 || t.key.length > 128)
			throw validationOf(
				`tags.${i + 1}.member.key`,
				t?.key,
				'Member must have length between 1 and 128'
			);
		if (typeof t.value !== 'string' || t.value.length > 256)
			throw validationOf(
				`tags.${i + 1}.member.value`,
				t.value,
				'Member must have length less than or equal to 256'
			);
		return { key: t.key, value: t.value };
	});
}

/** `modelSource.copyFrom`: a foundation model or a system profile of the caller's region. */
function routesOf(
	op: OperationRequest,
	copyFrom: unknown
): { modelArns: string[]; modelId: string } {
	const m = typeof copyFrom === 'string' ? COPY_FROM.exec(copyFrom) : null;
	if (!m)
		throw validationOf(
			'modelSource.copyFrom',
			copyFrom,
			'Member must satisfy regular expression pattern: arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)/[a-zA-Z0-9-:.]+'
		);
	const [, region, account, kind, id] = m as unknown as [string, string, string, string, string];
	const { caller } = op;
	const catalog = regionCatalog(caller.region);
	if (kind === 'foundation-model') {
		const model = region === caller.region ? catalog.models.get(id) : undefined;
		if (!model) throw errors.resourceNotFound(`The model ${copyFrom} was not found.`);
		if (!model.inferenceTypesSupported.includes('ON_DEMAND'))
			throw errors.validation(
				`The model ${id} doesn't support on-demand throughput. Copy from the ARN of a system-defined inference profile that contains this model instead.`
			);
		return { modelArns: [foundationModelArn(caller.region, id)], modelId: id };
	}
	const profile =
		region === caller.region && account === caller.key.accountId
			? catalog.profiles.get(id)
			: undefined;
	if (!profile) throw errors.resourceNotFound(`Inference profile ${copyFrom} not found.`);
	const modelArns =
		profile.destinationRegions === null
			? [`arn:aws:bedrock:::foundation-model/${profile.modelId}`]
			: profile.destinationRegions.map((r) => foundationModelArn(r, profile.modelId));
	return { modelArns, modelId: profile.modelId };
}

export function createInferenceProfile(op: OperationRequest): void {
	const body = parseJsonBody(op);
	const all = applicationStore(op);
	const token = typeof body.clientRequestToken === 'string' ? body.clientRequestToken : undefined;
	const same = token ? [...all.values()].find((p) => p.clientRequestToken === token) : undefined;
	if (same)
		return op.ex.sendJson(201, { inferenceProfileArn: same.inferenceProfileArn, status: 'ACTIVE' });
	const name = body.inferenceProfileName;
	if (typeof name !== 'string' || !NAME_PATTERN.test(name))
		throw validationOf(
			'inferenceProfileName',
			name,
			'Member must satisfy regular expression pattern: ([0-9a-zA-Z:.][ _-]?)+'
		);
	const description = body.description;
	if (description !== undefined && (typeof description !== 'string' || description.length > 200))
		throw validationOf(
			'description',
			description,
			'Member must have length less than or equal to 200'
		);
	const source = body.modelSource as { copyFrom?: unknown } | undefined;
	const routes = routesOf(op, source?.copyFrom);
	const tags = readTags(body.tags);
	if ([...all.values()].some((p) => p.inferenceProfileName === name))
		throw errors.conflict(`An inference profile with the name ${name} already exists.`);
	const id = newId();
	const now = new Date().toISOString();
	const profile: ApplicationProfile = {
		inferenceProfileName: name,
		inferenceProfileId: id,
		inferenceProfileArn: `arn:aws:bedrock:${op.caller.region}:${op.caller.key.accountId}:application-inference-profile/${id}`,
		...(typeof description === 'string' && description ? { description } : {}),
		modelArns: routes.modelArns,
		foundationModelId: routes.modelId,
		createdAt: now,
		updatedAt: now,
		clientRequestToken: token,
		tags
	};
	all.set(id, profile);
	op.ex.sendJson(201, { inferenceProfileArn: profile.inferenceProfileArn, status: 'ACTIVE' });
}

export function deleteInferenceProfile(op: OperationRequest): void {
	const identifier = op.params.inferenceProfileIdentifier ?? '';
	const profile = findApplicationProfile(op, identifier);
	if (!profile) {
		if (regionCatalog(op.caller.region).profiles.has(identifier.split('/').pop() ?? ''))
			throw errors.validation('System-defined inference profiles cannot be deleted.');
		throw errors.resourceNotFound(`Inference profile ${identifier} not found.`);
	}
	applicationStore(op).delete(profile.inferenceProfileId);
	op.ex.sendJson(200, {});
}

/** Tags of an application profile or a provisioned throughput of the caller's account. */
export function listTagsForResource(op: OperationRequest): void {
	const arn = parseJsonBody(op).resourceARN;
	if (typeof arn !== 'string' || !arn.startsWith('arn:'))
		throw validationOf(
			'resourceARN',
			arn,
			'Member must satisfy regular expression pattern: .*arn:aws:bedrock:.*'
		);
	const profile = findApplicationProfile(op, arn);
	const provisioned = op.ctx.state
		.provisionedFor(op.caller.region, op.caller.key.accountId)
		.get(arn.split('/').pop() ?? '');
	const tags =
		profile?.tags ?? (provisioned?.provisionedModelArn === arn ? provisioned.tags : undefined);
	if (!tags) throw errors.resourceNotFound(`The resource ${arn} was not found.`);
	op.ex.sendJson(200, { tags });
}
