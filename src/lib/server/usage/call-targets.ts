/**
 * What a call's model id runs and how it is priced, for the ledger and the budget estimate.
 *
 * Model ids and system profiles say their base model in the id itself (model-ids.ts). The ARN
 * of an application inference profile or a provisioned model is opaque, so it is looked up
 * once (GetInferenceProfile / GetProvisionedModelThroughput, with the control plane's deadline
 * and breaker) and cached:
 * - an application profile is priced at its base model's price (AWS bills it so; its tags only
 *   change where the bill shows up);
 * - a provisioned model is billed by the hour, not per token: its calls get no per-token cost
 *   (null, "unknown"), never 0, and the usage page says why.
 * A lookup that fails leaves the base model unknown (cost null), and the call still goes ahead:
 * AWS decides whether the ARN can be invoked.
 */
import {
	GetInferenceProfileCommand,
	GetProvisionedModelThroughputCommand
} from '@aws-sdk/client-bedrock';
import type { BedrockAccess } from '../access/types';
import { callTargetsCache } from '../cache/call-targets';
import { profileRoute } from '../models/catalog';
import { resolveModelId } from './model-ids';

export type CallTargetKind = 'model' | 'application-profile' | 'provisioned';

export interface CallTarget {
	kind: CallTargetKind;
	baseModelId: string | null;
	inferenceProfileId: string | null;
	/** The id whose price per token applies; null: no per-token price (provisioned, unknown). */
	pricingModelId: string | null;
}

const OPAQUE =
	/^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(application-inference-profile|provisioned-model)\//;

/** The kind of an ARN the ledger cannot read a model from, or null for readable ids. */
export function opaqueKind(modelId: string): Exclude<CallTargetKind, 'model'> | null {
	const kind = OPAQUE.exec(modelId)?.[1];
	if (kind === 'application-inference-profile') return 'application-profile';
	if (kind === 'provisioned-model') return 'provisioned';
	return null;
}

/** The target once the base model is known (or not: null). */
export function callTarget(modelId: string, base: string | null): CallTarget {
	const kind = opaqueKind(modelId);
	if (kind === 'provisioned')
		return { kind, baseModelId: base, inferenceProfileId: null, pricingModelId: null };
	if (kind === 'application-profile')
		return { kind, baseModelId: base, inferenceProfileId: modelId, pricingModelId: base };
	const resolved = resolveModelId(modelId);
	return { kind: 'model', ...resolved, pricingModelId: modelId };
}

async function lookUpBaseModel(access: BedrockAccess, arn: string): Promise<string | null> {
	const clients = await access.clients();
	if (opaqueKind(arn) === 'provisioned') {
		const out = await clients.control.send(
			new GetProvisionedModelThroughputCommand({ provisionedModelId: arn })
		);
		const modelArn = out.foundationModelArn ?? out.modelArn;
		return modelArn ? (profileRoute(modelArn)?.modelId ?? null) : null;
	}
	const out = await clients.control.send(
		new GetInferenceProfileCommand({ inferenceProfileIdentifier: arn })
	);
	const ids = new Set(
		(out.models ?? []).map((m) => (m.modelArn ? profileRoute(m.modelArn)?.modelId : undefined))
	);
	// Every route of a profile names one model; anything else cannot be priced as one.
	const [only] = [...ids];
	return ids.size === 1 && only ? only : null;
}

export async function resolveCallTarget(
	access: BedrockAccess,
	modelId: string
): Promise<CallTarget> {
	if (!opaqueKind(modelId)) return callTarget(modelId, null);
	const cached = callTargetsCache.get(modelId);
	if (cached !== undefined) return callTarget(modelId, cached);
	let base: string | null = null;
	try {
		base = await lookUpBaseModel(access, modelId);
	} catch {
		// Not cached: the next call asks again. The ledger row says "unknown", never 0.
		return callTarget(modelId, null);
	}
	if (base) callTargetsCache.set(modelId, base);
	return callTarget(modelId, base);
}

/** After an update or delete through this instance. */
export function forgetResolvedTarget(arn: string): void {
	callTargetsCache.delete(arn);
}

/** Seeds the cache from a listing this instance just read (profiles.list, provisioned.*). */
export function rememberResolvedTarget(arn: string, baseModelId: string | null): void {
	if (baseModelId && opaqueKind(arn)) callTargetsCache.set(arn, baseModelId);
}
