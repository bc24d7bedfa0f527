// Maps a request line to an AWS operation. Runtime model ids may arrive percent-encoded (AWS SDK),
// with a raw colon (Anthropic SDK) or as a raw ARN containing '/' (Vercel), so the id is captured
// greedily from the raw path and decoded afterwards.

export type Service = 'bedrock' | 'bedrock-runtime' | 'sts';

export interface RouteMatch {
	service: Service;
	operation: string;
	params: Record<string, string>;
}

interface RouteDef {
	method: string;
	pattern: RegExp;
	service: Service;
	operation: string;
	param?: string;
}

const ROUTES: RouteDef[] = [
	{
		method: 'GET',
		pattern: /^\/foundation-models\/?$/,
		service: 'bedrock',
		operation: 'ListFoundationModels'
	},
	{
		method: 'GET',
		pattern: /^\/foundation-models\/(.+)$/,
		service: 'bedrock',
		operation: 'GetFoundationModel',
		param: 'modelIdentifier'
	},
	{
		method: 'GET',
		pattern: /^\/inference-profiles\/?$/,
		service: 'bedrock',
		operation: 'ListInferenceProfiles'
	},
	{
		method: 'GET',
		pattern: /^\/inference-profiles\/(.+)$/,
		service: 'bedrock',
		operation: 'GetInferenceProfile',
		param: 'inferenceProfileIdentifier'
	},
	{
		method: 'POST',
		pattern: /^\/inference-profiles\/?$/,
		service: 'bedrock',
		operation: 'CreateInferenceProfile'
	},
	{
		method: 'DELETE',
		pattern: /^\/inference-profiles\/(.+)$/,
		service: 'bedrock',
		operation: 'DeleteInferenceProfile',
		param: 'inferenceProfileIdentifier'
	},
	{
		method: 'POST',
		pattern: /^\/listTagsForResource\/?$/,
		service: 'bedrock',
		operation: 'ListTagsForResource'
	},
	{
		method: 'POST',
		pattern: /^\/provisioned-model-throughput\/?$/,
		service: 'bedrock',
		operation: 'CreateProvisionedModelThroughput'
	},
	{
		method: 'GET',
		pattern: /^\/provisioned-model-throughputs\/?$/,
		service: 'bedrock',
		operation: 'ListProvisionedModelThroughputs'
	},
	{
		method: 'GET',
		pattern: /^\/provisioned-model-throughput\/(.+)$/,
		service: 'bedrock',
		operation: 'GetProvisionedModelThroughput',
		param: 'provisionedModelId'
	},
	{
		method: 'PATCH',
		pattern: /^\/provisioned-model-throughput\/(.+)$/,
		service: 'bedrock',
		operation: 'UpdateProvisionedModelThroughput',
		param: 'provisionedModelId'
	},
	{
		method: 'DELETE',
		pattern: /^\/provisioned-model-throughput\/(.+)$/,
		service: 'bedrock',
		operation: 'DeleteProvisionedModelThroughput',
		param: 'provisionedModelId'
	},
	{
		method: 'POST',
		pattern: /^\/model\/(.+)\/invoke$/,
		service: 'bedrock-runtime',
		operation: 'InvokeModel',
		param: 'modelId'
	},
	{
		method: 'POST',
		pattern: /^\/model\/(.+)\/invoke-with-response-stream$/,
		service: 'bedrock-runtime',
		operation: 'InvokeModelWithResponseStream',
		param: 'modelId'
	},
	{
		method: 'POST',
		pattern: /^\/model\/(.+)\/converse$/,
		service: 'bedrock-runtime',
		operation: 'Converse',
		param: 'modelId'
	},
	{
		method: 'POST',
		pattern: /^\/model\/(.+)\/converse-stream$/,
		service: 'bedrock-runtime',
		operation: 'ConverseStream',
		param: 'modelId'
	}
];

function decode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** STS's query protocol: `POST /` with a form body (or `GET /?Action=…`). */
function stsAction(
	method: string,
	rawPath: string,
	rawQuery: string,
	body: Buffer
): string | undefined {
	if (rawPath !== '/' && rawPath !== '') return undefined;
	const form = method === 'POST' ? body.toString('utf8') : rawQuery;
	const action = new URLSearchParams(form).get('Action');
	return action ?? undefined;
}

export function matchRoute(
	method: string,
	rawPath: string,
	rawQuery: string,
	body: Buffer
): RouteMatch | undefined {
	for (const r of ROUTES) {
		if (r.method !== method) continue;
		const m = r.pattern.exec(rawPath);
		if (!m) continue;
		return {
			service: r.service,
			operation: r.operation,
			params: r.param ? { [r.param]: decode(m[1]!) } : {}
		};
	}
	const action = stsAction(method, rawPath, rawQuery, body);
	if (action) return { service: 'sts', operation: action, params: {} };
	return undefined;
}

/** The IAM action an operation needs (Converse is authorised as InvokeModel, as on AWS). */
export function iamActionFor(route: RouteMatch): string | undefined {
	if (route.service === 'sts') return undefined; // GetCallerIdentity needs no permission
	if (route.operation === 'Converse') return 'bedrock:InvokeModel';
	if (route.operation === 'ConverseStream') return 'bedrock:InvokeModelWithResponseStream';
	return `bedrock:${route.operation}`;
}
