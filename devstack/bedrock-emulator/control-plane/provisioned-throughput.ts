// Provisioned throughput CRUD, kept in memory per region and account. A new or updated
// throughput is Creating/Updating for `provisioningDelayMs`, then InService (status is derived
// from the clock on every read, so no timers need cleaning up).
import { randomBytes } from 'node:crypto';
import { foundationModelArn, regionCatalog } from '../catalog/catalog';
import type { OperationRequest } from '../context';
import * as errors from '../errors';
import { provisionedStatus, type ProvisionedThroughput } from '../state';
import { parseJsonBody } from '../runtime/prepare';

const NAME_PATTERN = /^([0-9a-zA-Z][_-]?){1,63}$/;

function newId(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Resolves a model id or foundation-model ARN that supports PROVISIONED in the caller's region. */
function provisionableModel(op: OperationRequest, identifier: unknown): string {
	const region = op.caller.region;
	const prefix = foundationModelArn(region, '');
	const id =
		typeof identifier === 'string' && identifier.startsWith(prefix)
			? identifier.slice(prefix.length)
			: identifier;
	const model = typeof id === 'string' ? regionCatalog(region).models.get(id) : undefined;
	if (!model)
		throw errors.resourceNotFound(
			'Could not resolve the foundation model from the provided model identifier.'
		);
	if (!model.inferenceTypesSupported.includes('PROVISIONED')) {
		throw errors.validation(
			`The model ${model.modelId} doesn't support provisioned throughput. Use a model that lists PROVISIONED in inferenceTypesSupported.`
		);
	}
	return model.modelId;
}

function store(op: OperationRequest) {
	return op.ctx.state.provisionedFor(op.caller.region, op.caller.key.accountId);
}

function find(op: OperationRequest): ProvisionedThroughput {
	const identifier = op.params.provisionedModelId ?? '';
	const all = store(op);
	const byArn = identifier.startsWith('arn:') ? identifier.split('/').pop() : undefined;
	const pt =
		byArn !== undefined
			? all.get(byArn)
			: ([...all.values()].find((p) => p.provisionedModelName === identifier) ??
				all.get(identifier));
	if (!pt || (byArn !== undefined && pt.provisionedModelArn !== identifier)) {
		throw errors.resourceNotFound(`Provisioned model ${identifier} was not found.`);
	}
	return pt;
}

function view(pt: ProvisionedThroughput) {
	return {
		modelUnits: pt.modelUnits,
		desiredModelUnits: pt.desiredModelUnits,
		provisionedModelName: pt.provisionedModelName,
		provisionedModelArn: pt.provisionedModelArn,
		modelArn: pt.modelArn,
		desiredModelArn: pt.desiredModelArn,
		foundationModelArn: pt.foundationModelArn,
		status: provisionedStatus(pt),
		creationTime: pt.creationTime,
		lastModifiedTime: pt.lastModifiedTime,
		...(pt.commitmentDuration
			? {
					commitmentDuration: pt.commitmentDuration,
					commitmentExpirationTime: pt.commitmentExpirationTime
				}
			: {})
	};
}

export function createProvisionedModelThroughput(op: OperationRequest): void {
	const body = parseJsonBody(op);
	const { region, key } = op.caller;
	const all = store(op);
	if (typeof body.clientRequestToken === 'string') {
		const same = [...all.values()].find((p) => p.clientRequestToken === body.clientRequestToken);
		if (same) return op.ex.sendJson(201, { provisionedModelArn: same.provisionedModelArn });
	}
	const name = body.provisionedModelName;
	if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
		throw errors.validation(
			`1 validation error detected: Value '${String(name)}' at 'provisionedModelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9a-zA-Z][_-]?)+`
		);
	}
	const units = body.modelUnits;
	if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) {
		throw errors.validation(
			`1 validation error detected: Value '${String(units)}' at 'modelUnits' failed to satisfy constraint: Member must have value greater than or equal to 1`
		);
	}
	const commitment = body.commitmentDuration;
	if (commitment !== undefined && commitment !== 'OneMonth' && commitment !== 'SixMonths') {
		throw errors.validation(
			`1 validation error detected: Value '${String(commitment)}' at 'commitmentDuration' failed to satisfy constraint: Member must satisfy enum value set: [SixMonths, OneMonth]`
		);
	}
	if ([...all.values()].some((p) => p.provisionedModelName === name)) {
		throw errors.conflict(`A provisioned model with the name ${name} already exists.`);
	}
	const modelId = provisionableModel(op, body.modelId);
	const id = newId();
	const now = new Date();
	const fmArn = foundationModelArn(region, modelId);
	const pt: ProvisionedThroughput = {
		provisionedModelName: name,
		provisionedModelArn: `arn:aws:bedrock:${region}:${key.accountId}:provisioned-model/${id}`,
		modelArn: fmArn,
		desiredModelArn: fmArn,
		foundationModelArn: fmArn,
		foundationModelId: modelId,
		modelUnits: units,
		desiredModelUnits: units,
		commitmentDuration: commitment as string | undefined,
		commitmentExpirationTime: commitment
			? new Date(now.getTime() + (commitment === 'OneMonth' ? 30 : 182) * 86_400_000).toISOString()
			: undefined,
		creationTime: now.toISOString(),
		lastModifiedTime: now.toISOString(),
		clientRequestToken:
			typeof body.clientRequestToken === 'string' ? body.clientRequestToken : undefined,
		readyAt: now.getTime() + op.ctx.settings.provisioningDelayMs,
		phase: 'Creating',
		tags: Array.isArray(body.tags) ? (body.tags as { key: string; value: string }[]) : []
	};
	all.set(id, pt);
	op.ex.sendJson(201, { provisionedModelArn: pt.provisionedModelArn });
}

export function getProvisionedModelThroughput(op: OperationRequest): void {
	op.ex.sendJson(200, view(find(op)));
}

export function listProvisionedModelThroughputs(op: OperationRequest): void {
	const q = op.query;
	const after = q.get('creationTimeAfter');
	const before = q.get('creationTimeBefore');
	const status = q.get('statusEquals');
	const modelArn = q.get('modelArnEquals');
	const nameContains = q.get('nameContains');
	const descending = (q.get('sortOrder') ?? 'Descending') === 'Descending';
	const maxResults = Math.min(1000, Math.max(1, Number(q.get('maxResults') ?? 1000) || 1000));
	let items = [...store(op).values()].filter(
		(p) =>
			(!after || p.creationTime > new Date(after).toISOString()) &&
			(!before || p.creationTime < new Date(before).toISOString()) &&
			(!status || provisionedStatus(p) === status) &&
			(!modelArn || p.modelArn === modelArn) &&
			(!nameContains || p.provisionedModelName.includes(nameContains))
	);
	items.sort(
		(a, b) =>
			(a.creationTime < b.creationTime ? -1 : a.creationTime > b.creationTime ? 1 : 0) *
			(descending ? -1 : 1)
	);
	const start =
		Number(q.get('nextToken') ? Buffer.from(q.get('nextToken')!, 'base64url').toString() : 0) || 0;
	const next =
		start + maxResults < items.length
			? Buffer.from(String(start + maxResults)).toString('base64url')
			: undefined;
	items = items.slice(start, start + maxResults);
	op.ex.sendJson(200, {
		provisionedModelSummaries: items.map((p) => view(p)),
		...(next ? { nextToken: next } : {})
	});
}

export function updateProvisionedModelThroughput(op: OperationRequest): void {
	const pt = find(op);
	const body = parseJsonBody(op);
	if (typeof body.desiredProvisionedModelName === 'string') {
		if (!NAME_PATTERN.test(body.desiredProvisionedModelName)) {
			throw errors.validation(
				`1 validation error detected: Value '${body.desiredProvisionedModelName}' at 'desiredProvisionedModelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9a-zA-Z][_-]?)+`
			);
		}
		pt.provisionedModelName = body.desiredProvisionedModelName;
	}
	if (body.desiredModelId !== undefined) {
		const modelId = provisionableModel(op, body.desiredModelId);
		pt.desiredModelArn = foundationModelArn(op.caller.region, modelId);
		pt.modelArn = pt.desiredModelArn;
		pt.foundationModelId = modelId;
		pt.foundationModelArn = pt.desiredModelArn;
		pt.phase = 'Updating';
		pt.readyAt = Date.now() + op.ctx.settings.provisioningDelayMs;
	}
	pt.lastModifiedTime = new Date().toISOString();
	op.ex.sendJson(200, {});
}

/** AWS refuses to delete a throughput whose commitment term has not ended. */
export function deleteProvisionedModelThroughput(op: OperationRequest): void {
	const pt = find(op);
	if (pt.commitmentExpirationTime && Date.parse(pt.commitmentExpirationTime) > Date.now()) {
		throw errors.conflict(
			`The provisioned model ${pt.provisionedModelName} has a ${pt.commitmentDuration} commitment that ends at ${pt.commitmentExpirationTime}. You can't delete a Provisioned Throughput before the commitment term is over.`
		);
	}
	store(op).delete(pt.provisionedModelArn.split('/').pop()!);
	op.ex.sendJson(200, {});
}
