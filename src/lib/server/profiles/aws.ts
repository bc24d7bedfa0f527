/**
 * Inference-profile calls to AWS with one user's clients (control-plane deadline and the
 * Region's circuit breaker come with the client); failures are explained with the IAM action.
 */
import {
	CreateInferenceProfileCommand,
	DeleteInferenceProfileCommand,
	GetInferenceProfileCommand,
	ListInferenceProfilesCommand,
	ListTagsForResourceCommand,
	type GetInferenceProfileCommandOutput,
	type InferenceProfileSummary
} from '@aws-sdk/client-bedrock';
import type { BedrockClients } from '../aws/clients';
import type { Tag } from '../../schemas/provisioned';

async function call<T>(clients: BedrockClients, action: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (err) {
		throw clients.describe(err, { iamAction: `bedrock:${action}` });
	}
}

export function listProfiles(
	clients: BedrockClients,
	type: 'SYSTEM_DEFINED' | 'APPLICATION'
): Promise<InferenceProfileSummary[]> {
	return call(clients, 'ListInferenceProfiles', async () => {
		const all: InferenceProfileSummary[] = [];
		let nextToken: string | undefined;
		for (let page = 0; page < 20; page++) {
			const out = await clients.control.send(
				new ListInferenceProfilesCommand({ typeEquals: type, maxResults: 1000, nextToken })
			);
			all.push(...(out.inferenceProfileSummaries ?? []));
			nextToken = out.nextToken;
			if (!nextToken) break;
		}
		return all;
	});
}

export function getProfile(
	clients: BedrockClients,
	arn: string
): Promise<GetInferenceProfileCommandOutput> {
	return call(clients, 'GetInferenceProfile', () =>
		clients.control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: arn }))
	);
}

export async function tagsOf(clients: BedrockClients, arn: string): Promise<Tag[]> {
	const out = await call(clients, 'ListTagsForResource', () =>
		clients.control.send(new ListTagsForResourceCommand({ resourceARN: arn }))
	);
	return (out.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));
}

export async function createProfile(
	clients: BedrockClients,
	input: {
		name: string;
		description?: string;
		copyFrom: string;
		tags: Tag[];
		clientRequestToken: string;
	}
): Promise<string> {
	const out = await call(clients, 'CreateInferenceProfile', () =>
		clients.control.send(
			new CreateInferenceProfileCommand({
				inferenceProfileName: input.name,
				...(input.description ? { description: input.description } : {}),
				modelSource: { copyFrom: input.copyFrom },
				...(input.tags.length ? { tags: input.tags } : {}),
				clientRequestToken: input.clientRequestToken
			})
		)
	);
	return out.inferenceProfileArn ?? '';
}

export async function deleteProfile(clients: BedrockClients, arn: string): Promise<void> {
	await call(clients, 'DeleteInferenceProfile', () =>
		clients.control.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: arn }))
	);
}
