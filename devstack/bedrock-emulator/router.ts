// The request pipeline, in AWS's order: find the operation, authenticate (SigV4), check the
// region offers Bedrock, apply injected faults, authorise the IAM action, run the operation.
// Every request ends up in the request log with its outcome.
import { bedrockRegions } from './catalog/catalog';
import type { EmulatorContext, OperationHandler, OperationRequest } from './context';
import { authenticate } from './auth';
import * as errors from './errors';
import { AwsError } from './errors';
import type { Exchange } from './exchange';
import { isActionAllowed } from './keys';
import { iamActionFor, matchRoute, type RouteMatch } from './routes';
import { handleControlSurface } from './control-surface';
import { getCallerIdentity, stsErrorResponse, unknownStsAction } from './sts';
import { assumeRole } from './assume-role';
import { getFoundationModel, listFoundationModels } from './control-plane/foundation-models';
import { getInferenceProfile, listInferenceProfiles } from './control-plane/inference-profiles';
import {
	createInferenceProfile,
	deleteInferenceProfile,
	listTagsForResource
} from './control-plane/application-profiles';
import {
	createProvisionedModelThroughput,
	deleteProvisionedModelThroughput,
	getProvisionedModelThroughput,
	listProvisionedModelThroughputs,
	updateProvisionedModelThroughput
} from './control-plane/provisioned-throughput';
import { invokeModel } from './runtime/invoke';
import { invokeModelWithResponseStream } from './runtime/invoke-stream';
import { converse } from './runtime/converse';
import { converseStream } from './runtime/converse-stream';
import { sleep } from './runtime/prepare';
import { sha256Hex } from './sigv4';

const HANDLERS: Record<string, OperationHandler> = {
	ListFoundationModels: listFoundationModels,
	GetFoundationModel: getFoundationModel,
	ListInferenceProfiles: listInferenceProfiles,
	GetInferenceProfile: getInferenceProfile,
	CreateInferenceProfile: createInferenceProfile,
	DeleteInferenceProfile: deleteInferenceProfile,
	ListTagsForResource: listTagsForResource,
	CreateProvisionedModelThroughput: createProvisionedModelThroughput,
	GetProvisionedModelThroughput: getProvisionedModelThroughput,
	ListProvisionedModelThroughputs: listProvisionedModelThroughputs,
	UpdateProvisionedModelThroughput: updateProvisionedModelThroughput,
	DeleteProvisionedModelThroughput: deleteProvisionedModelThroughput,
	InvokeModel: invokeModel,
	InvokeModelWithResponseStream: invokeModelWithResponseStream,
	Converse: converse,
	ConverseStream: converseStream,
	GetCallerIdentity: getCallerIdentity,
	AssumeRole: assumeRole
};

const STREAMING = new Set(['InvokeModelWithResponseStream', 'ConverseStream']);

function sendError(ex: Exchange, route: RouteMatch | undefined, err: AwsError): void {
	const wire = route?.service === 'sts' ? stsErrorResponse(err, ex.requestId) : err.toRestJson();
	ex.send(wire.status, wire.headers, wire.body);
}

/** Real AWS answers a request signed for a region it does not serve this way (see README). */
function regionWithoutBedrock(region: string): AwsError {
	return errors.invalidSignature(
		`Credential should be scoped to a valid region, not '${region}'. `
	);
}

export function createRouter(ctx: EmulatorContext) {
	return async function route(ex: Exchange): Promise<void> {
		if (ex.rawPath.startsWith('/__emulator/')) return handleControlSurface(ex, ctx);

		const startedAt = performance.now();
		let route: RouteMatch | undefined;
		let accessKeyId: string | undefined;
		let region: string | undefined;
		let authScheme: 'sigv4' | 'bearer' | undefined;
		let apiKeyHash: string | undefined;
		let errorName: string | undefined;

		ex.onClose(() => {
			ctx.state.record({
				seq: ctx.state.nextSeq(),
				requestId: ex.requestId,
				time: new Date().toISOString(),
				method: ex.method,
				path: ex.rawPath,
				httpVersion: ex.httpVersion,
				service: route?.service ?? 'unknown',
				operation: route?.operation ?? 'Unknown',
				modelId: route?.params.modelId ?? route?.params.modelIdentifier,
				accessKeyId,
				region,
				authScheme,
				apiKeyHash,
				status: ex.status,
				errorName: errorName ?? ex.streamErrorName,
				closedEarly: ex.closedEarly,
				streamed: route ? STREAMING.has(route.operation) : false,
				durationMs: Math.round(performance.now() - startedAt)
			});
			if (!ctx.settings.quiet) {
				const parts = [
					ex.status || '---',
					route?.operation ?? `${ex.method} ${ex.rawPath}`,
					route?.params.modelId,
					accessKeyId && `key=${accessKeyId}`,
					authScheme === 'bearer' && 'auth=bearer',
					region,
					errorName ?? ex.streamErrorName,
					ex.closedEarly && 'closed-early'
				];
				console.log(
					`[bedrock-emulator] ${parts.filter(Boolean).join(' ')} ${Math.round(performance.now() - startedAt)}ms`
				);
			}
		});

		try {
			await ex.readBody();
			route = matchRoute(ex.method, ex.rawPath, ex.rawQuery, ex.body);
			if (!route) throw errors.unknownOperation();
			// Which bearer key came (refused ones too), as a hash prefix: never the key itself.
			const bearer = /^Bearer\s+(.*)$/i.exec(ex.header('authorization') ?? '');
			if (bearer) {
				authScheme = 'bearer';
				apiKeyHash = sha256Hex(bearer[1]!.trim()).slice(0, 16);
			}
			const caller = authenticate(
				ex,
				route.service === 'sts' ? 'sts' : 'bedrock',
				ctx.keys,
				ctx.apiKeys
			);
			// A long-term API key has no key id; the key itself is never recorded.
			accessKeyId = caller.key.accessKeyId || undefined;
			authScheme = caller.authScheme;
			region = caller.region;

			if (route.service !== 'sts' && !bedrockRegions.has(caller.region)) {
				if (ctx.settings.regionWithoutBedrock === 'drop') {
					errorName = 'NoBedrockEndpoint';
					ex.req.socket?.destroy();
					return;
				}
				throw regionWithoutBedrock(caller.region);
			}

			const faults = ctx.faults.take({
				operation: route.operation,
				modelId: route.params.modelId,
				accessKeyId,
				region
			});
			const delay = faults.delayMs + ctx.settings.latencyMs;
			if (delay > 0) await sleep(delay);
			if (faults.error) throw faults.error;
			if (faults.dropAfter === 0) {
				// A dropped connection: no status, no body (the client sees a reset or hang-up).
				errorName = 'ConnectionReset';
				ex.req.socket?.destroy();
				return;
			}

			const action = iamActionFor(route);
			if (action && !isActionAllowed(caller.key, action)) {
				const resource = route.params.modelId
					? route.params.modelId.startsWith('arn:')
						? route.params.modelId
						: `arn:aws:bedrock:${caller.region}::foundation-model/${route.params.modelId}`
					: '*';
				throw errors.actionNotAuthorized(caller.key.userArn, action, resource);
			}

			const handler = HANDLERS[route.operation];
			if (!handler)
				throw route.service === 'sts'
					? unknownStsAction(route.operation)
					: errors.unknownOperation();
			const op: OperationRequest = {
				ctx,
				ex,
				caller,
				params: route.params,
				query: new URLSearchParams(ex.rawQuery),
				faults,
				startedAt
			};
			await handler(op);
		} catch (err) {
			const awsError = err instanceof AwsError ? err : errors.internalServer();
			if (!(err instanceof AwsError)) console.error('[bedrock-emulator] unexpected error', err);
			errorName = awsError.code;
			if (ex.headersSent) {
				ex.end(); // a failure after a stream started: nothing AWS-shaped left to send
				return;
			}
			sendError(ex, route, awsError);
		}
	};
}
