// Steps every runtime operation shares: resolve the model identifier, check model access and
// streaming support, parse the JSON body.
import type { OperationRequest } from '../context';
import * as errors from '../errors';
import type { JsonObject } from './formats/format';
import {
	checkModelAccess,
	checkResourceAllowed,
	resolveModel,
	type ResolvedModel
} from './resolve-model';

export function prepareInvocation(op: OperationRequest, streaming: boolean): ResolvedModel {
	const resolved = resolveModel(op.params.modelId ?? '', op.caller, op.ctx);
	checkResourceAllowed(
		resolved,
		op.caller,
		streaming ? 'bedrock:InvokeModelWithResponseStream' : 'bedrock:InvokeModel'
	);
	checkModelAccess(resolved, op.caller);
	if (streaming && resolved.model.responseStreamingSupported !== true)
		throw errors.streamingUnsupported();
	return resolved;
}

export function parseJsonBody(op: OperationRequest): JsonObject {
	let value: unknown;
	try {
		value = JSON.parse(op.ex.body.toString('utf8'));
	} catch {
		throw errors.malformedInput();
	}
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw errors.malformedInput('#: expected type: JSONObject');
	return value as JsonObject;
}

export const elapsedMs = (op: OperationRequest) =>
	Math.max(1, Math.round(performance.now() - op.startedAt));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
