/**
 * provisioned.*: Provisioned Throughput in the caller's own account and Region, shaped for the
 * dashboard. Two refusals happen here before AWS is asked, because AWS's own answers come late
 * or say little: a model this Region does not sell provisioned throughput for (with the ids it
 * does sell, for that model), and deleting during a commitment (with the date it ends).
 */
import { randomUUID } from 'node:crypto';
import type {
	Commitment,
	CreateProvisionedInput,
	ListProvisionedOutput,
	ProvisionedThroughput,
	UpdateProvisionedInput
} from '../../schemas/provisioned';
import type { BedrockAccess } from '../access/types';
import { BedrockCallError } from '../aws/errors';
import { AppError } from '../errors';
import { profileRoute } from '../models/catalog';
import {
	createProvisioned,
	deleteProvisioned,
	getProvisioned,
	listProvisioned,
	provisionableModelIds,
	updateProvisioned,
	type ProvisionedDetails
} from './aws';
import { forgetResolvedTarget } from '../usage/call-targets';

const iso = (d: Date | string | undefined) =>
	d === undefined ? '' : d instanceof Date ? d.toISOString() : String(d);

const modelIdOf = (arn: string | undefined) => (arn ? (profileRoute(arn)?.modelId ?? arn) : '');

function commitmentOf(value: string | undefined): Commitment {
	return value === 'OneMonth' || value === 'SixMonths' ? value : 'none';
}

export function toProvisioned(d: ProvisionedDetails): ProvisionedThroughput {
	const modelArn = d.foundationModelArn ?? d.modelArn ?? '';
	const desired = d.desiredModelArn && d.desiredModelArn !== d.modelArn ? d.desiredModelArn : null;
	return {
		name: d.provisionedModelName ?? '',
		arn: d.provisionedModelArn ?? '',
		status: d.status ?? 'UNKNOWN',
		failureMessage: d.failureMessage ?? null,
		modelId: modelIdOf(modelArn),
		modelArn,
		desiredModelId: desired ? modelIdOf(desired) : null,
		modelUnits: d.modelUnits ?? 0,
		desiredModelUnits: d.desiredModelUnits ?? d.modelUnits ?? 0,
		commitment: commitmentOf(d.commitmentDuration),
		commitmentExpiresAt: d.commitmentExpirationTime ? iso(d.commitmentExpirationTime) : null,
		createdAt: iso(d.creationTime),
		updatedAt: iso(d.lastModifiedTime)
	};
}

/** AWS's ConflictException (a taken name, a running commitment) is the caller's to fix. */
function asConflict(err: unknown, hint: string): unknown {
	if (err instanceof BedrockCallError && err.awsError === 'ConflictException')
		return new AppError('CONFLICT', err.message, { awsError: err.awsError, hint, cause: err });
	return err;
}

export async function listProvisionedFor(access: BedrockAccess): Promise<ListProvisionedOutput> {
	const clients = await access.clients();
	const listed = await listProvisioned(clients);
	// AWS's list leaves out why a throughput failed; Get says it (failed ones are rare).
	const detailed = await Promise.all(
		listed.map((summary) =>
			summary.status === 'Failed' && summary.provisionedModelArn
				? getProvisioned(clients, summary.provisionedModelArn).catch(() => summary)
				: summary
		)
	);
	const items = detailed.map(toProvisioned);
	items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	return { items, region: access.region };
}

export async function getProvisionedFor(
	access: BedrockAccess,
	arn: string
): Promise<ProvisionedThroughput> {
	return toProvisioned(await getProvisioned(await access.clients(), arn));
}

/** A foundation-model ARN names the same model as its id. */
const bareModelId = (modelId: string) => profileRoute(modelId)?.modelId ?? modelId;

async function refuseUnprovisionable(access: BedrockAccess, modelId: string): Promise<void> {
	const clients = await access.clients();
	const sold = await provisionableModelIds(clients);
	const id = bareModelId(modelId);
	if (sold.includes(id)) return;
	const variants = sold.filter((s) => s.startsWith(`${id}:`));
	throw new AppError(
		'BAD_REQUEST',
		`${id} cannot be provisioned in ${access.region}: AWS sells provisioned throughput only for model ids that list PROVISIONED among their inference types, and this one does not.`,
		{
			hint: variants.length
				? `Provision one of this model's context-length variants instead: ${variants.join(', ')}.`
				: 'Choose a model whose inference types include Provisioned in the catalog (filter by inference type). On-demand and inference-profile models are billed per token instead.'
		}
	);
}

export async function createProvisionedFor(
	access: BedrockAccess,
	input: CreateProvisionedInput
): Promise<ProvisionedThroughput> {
	await refuseUnprovisionable(access, input.modelId);
	const clients = await access.clients();
	try {
		const arn = await createProvisioned(clients, {
			name: input.name,
			modelId: bareModelId(input.modelId),
			modelUnits: input.modelUnits,
			commitment: input.commitment,
			tags: input.tags ?? [],
			clientRequestToken: input.clientRequestToken ?? randomUUID()
		});
		return toProvisioned(await getProvisioned(clients, arn));
	} catch (err) {
		throw asConflict(
			err,
			'A provisioned throughput with this name already exists in this account and Region. Choose another name.'
		);
	}
}

export async function updateProvisionedFor(
	access: BedrockAccess,
	input: UpdateProvisionedInput
): Promise<ProvisionedThroughput> {
	if (input.modelId) await refuseUnprovisionable(access, input.modelId);
	const clients = await access.clients();
	try {
		await updateProvisioned(clients, {
			arn: input.arn,
			name: input.name,
			modelId: input.modelId ? bareModelId(input.modelId) : undefined
		});
	} catch (err) {
		throw asConflict(err, 'Another provisioned throughput already has this name. Choose another.');
	}
	forgetResolvedTarget(input.arn);
	return toProvisioned(await getProvisioned(clients, input.arn));
}

export async function deleteProvisionedFor(
	access: BedrockAccess,
	arn: string
): Promise<{ deleted: true; arn: string }> {
	const clients = await access.clients();
	const current = toProvisioned(await getProvisioned(clients, arn));
	if (current.commitmentExpiresAt && Date.parse(current.commitmentExpiresAt) > Date.now()) {
		throw new AppError(
			'CONFLICT',
			`${current.name} has a ${current.commitment === 'OneMonth' ? 'one-month' : 'six-month'} commitment that ends on ${current.commitmentExpiresAt}. AWS does not allow deleting it before then.`,
			{
				hint: `It keeps billing hourly until the term ends; delete it on or after ${current.commitmentExpiresAt}.`
			}
		);
	}
	try {
		await deleteProvisioned(clients, arn);
	} catch (err) {
		throw asConflict(err, 'AWS refused the deletion: a commitment term is still running.');
	}
	forgetResolvedTarget(arn);
	return { deleted: true, arn };
}
