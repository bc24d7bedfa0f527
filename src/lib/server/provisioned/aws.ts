/**
 * Provisioned Throughput calls to AWS with one user's clients. Each goes through the control
 * client, so it has the control-plane deadline and the Region's circuit breaker (aws/clients.ts);
 * each failure is explained with the IAM action it needed.
 */
import {
	CreateProvisionedModelThroughputCommand,
	DeleteProvisionedModelThroughputCommand,
	GetProvisionedModelThroughputCommand,
	ListFoundationModelsCommand,
	ListProvisionedModelThroughputsCommand,
	UpdateProvisionedModelThroughputCommand,
	type GetProvisionedModelThroughputCommandOutput,
	type ProvisionedModelSummary
} from '@aws-sdk/client-bedrock';
import type { BedrockClients } from '../aws/clients';

type Action =
	| 'ListProvisionedModelThroughputs'
	| 'GetProvisionedModelThroughput'
	| 'CreateProvisionedModelThroughput'
	| 'UpdateProvisionedModelThroughput'
	| 'DeleteProvisionedModelThroughput'
	| 'ListFoundationModels';

async function call<T>(clients: BedrockClients, action: Action, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (err) {
		throw clients.describe(err, { iamAction: `bedrock:${action}` });
	}
}

export type ProvisionedDetails = ProvisionedModelSummary &
	Pick<GetProvisionedModelThroughputCommandOutput, 'failureMessage'>;

export async function listProvisioned(clients: BedrockClients): Promise<ProvisionedDetails[]> {
	return call(clients, 'ListProvisionedModelThroughputs', async () => {
		const all: ProvisionedDetails[] = [];
		let nextToken: string | undefined;
		// 20 pages of 1000: far more than any account's model-unit quota allows.
		for (let page = 0; page < 20; page++) {
			const out = await clients.control.send(
				new ListProvisionedModelThroughputsCommand({ maxResults: 1000, nextToken })
			);
			all.push(...(out.provisionedModelSummaries ?? []));
			nextToken = out.nextToken;
			if (!nextToken) break;
		}
		return all;
	});
}

export function getProvisioned(clients: BedrockClients, arn: string): Promise<ProvisionedDetails> {
	return call(clients, 'GetProvisionedModelThroughput', () =>
		clients.control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn }))
	);
}

/** The model ids this Region sells provisioned throughput for. */
export async function provisionableModelIds(clients: BedrockClients): Promise<string[]> {
	const out = await call(clients, 'ListFoundationModels', () =>
		clients.control.send(new ListFoundationModelsCommand({ byInferenceType: 'PROVISIONED' }))
	);
	return (out.modelSummaries ?? []).map((m) => m.modelId ?? '').filter(Boolean);
}

export async function createProvisioned(
	clients: BedrockClients,
	input: {
		name: string;
		modelId: string;
		modelUnits: number;
		commitment: 'none' | 'OneMonth' | 'SixMonths';
		tags: { key: string; value: string }[];
		clientRequestToken: string;
	}
): Promise<string> {
	const out = await call(clients, 'CreateProvisionedModelThroughput', () =>
		clients.control.send(
			new CreateProvisionedModelThroughputCommand({
				provisionedModelName: input.name,
				modelId: input.modelId,
				modelUnits: input.modelUnits,
				...(input.commitment === 'none' ? {} : { commitmentDuration: input.commitment }),
				...(input.tags.length ? { tags: input.tags } : {}),
				clientRequestToken: input.clientRequestToken
			})
		)
	);
	return out.provisionedModelArn ?? '';
}

export async function updateProvisioned(
	clients: BedrockClients,
	input: { arn: string; name?: string; modelId?: string }
): Promise<void> {
	await call(clients, 'UpdateProvisionedModelThroughput', () =>
		clients.control.send(
			new UpdateProvisionedModelThroughputCommand({
				provisionedModelId: input.arn,
				...(input.name ? { desiredProvisionedModelName: input.name } : {}),
				...(input.modelId ? { desiredModelId: input.modelId } : {})
			})
		)
	);
}

export async function deleteProvisioned(clients: BedrockClients, arn: string): Promise<void> {
	await call(clients, 'DeleteProvisionedModelThroughput', () =>
		clients.control.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn }))
	);
}
