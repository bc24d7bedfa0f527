import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	CreateInferenceProfileCommand,
	CreateProvisionedModelThroughputCommand,
	DeleteInferenceProfileCommand,
	DeleteProvisionedModelThroughputCommand,
	GetInferenceProfileCommand,
	ListInferenceProfilesCommand,
	ListTagsForResourceCommand
} from '@aws-sdk/client-bedrock';
import {
	ConverseCommand,
	ConverseStreamCommand,
	InvokeModelCommand
} from '@aws-sdk/client-bedrock-runtime';
import { bedrockClient, EXAMPLE_KEY, runtimeClient, startTestEmulator, userText } from './helpers';

let env: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
	env = await startTestEmulator();
});
afterAll(() => env.emulator.close());

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_ARN = `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`;
const US_HAIKU_ARN = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${HAIKU}`;

async function createProfile(name: string, copyFrom = HAIKU_ARN, token?: string) {
	return bedrockClient(env.emulator.url).send(
		new CreateInferenceProfileCommand({
			inferenceProfileName: name,
			description: 'team search',
			modelSource: { copyFrom },
			tags: [
				{ key: 'team', value: 'search' },
				{ key: 'project', value: 'alpha' }
			],
			...(token ? { clientRequestToken: token } : {})
		})
	);
}

describe('application inference profiles', () => {
	it('creates a tagged profile from a model, gets it, lists it under APPLICATION only, and lists its tags', async () => {
		const client = bedrockClient(env.emulator.url);
		const { inferenceProfileArn, status } = await createProfile('search-haiku');
		expect(status).toBe('ACTIVE');
		expect(inferenceProfileArn).toMatch(
			/^arn:aws:bedrock:us-east-1:123456789012:application-inference-profile\/[a-z0-9]{12}$/
		);
		const got = await client.send(
			new GetInferenceProfileCommand({ inferenceProfileIdentifier: inferenceProfileArn })
		);
		expect(got).toMatchObject({
			inferenceProfileName: 'search-haiku',
			description: 'team search',
			type: 'APPLICATION',
			status: 'ACTIVE',
			models: [{ modelArn: HAIKU_ARN }]
		});
		const app = await client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
		expect(app.inferenceProfileSummaries!.map((p) => p.inferenceProfileArn)).toEqual([
			inferenceProfileArn
		]);
		const system = await client.send(
			new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' })
		);
		expect(system.inferenceProfileSummaries!.every((p) => p.type === 'SYSTEM_DEFINED')).toBe(true);
		const { tags } = await client.send(
			new ListTagsForResourceCommand({ resourceARN: inferenceProfileArn })
		);
		expect(tags).toEqual([
			{ key: 'team', value: 'search' },
			{ key: 'project', value: 'alpha' }
		]);
		// Another region sees nothing.
		const west = await bedrockClient(env.emulator.url, undefined, 'us-west-2').send(
			new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' })
		);
		expect(west.inferenceProfileSummaries).toEqual([]);
	});

	it('copies a system profile’s routes, refuses a duplicate name, and a retried token creates one', async () => {
		const client = bedrockClient(env.emulator.url);
		const first = await createProfile('via-us-profile', US_HAIKU_ARN, 'token-1');
		const again = await createProfile('via-us-profile', US_HAIKU_ARN, 'token-1');
		expect(again.inferenceProfileArn).toBe(first.inferenceProfileArn);
		const got = await client.send(
			new GetInferenceProfileCommand({ inferenceProfileIdentifier: first.inferenceProfileArn })
		);
		expect(got.models!.length).toBeGreaterThan(1);
		expect(got.models!.every((m) => m.modelArn!.endsWith(`foundation-model/${HAIKU}`))).toBe(true);
		await expect(createProfile('via-us-profile', US_HAIKU_ARN)).rejects.toMatchObject({
			name: 'ConflictException',
			message: 'An inference profile with the name via-us-profile already exists.'
		});
		await expect(
			createProfile('bad-source', 'arn:aws:bedrock:us-east-1::foundation-model/nope.model-v1:0')
		).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
		await expect(createProfile('bad name!')).rejects.toMatchObject({
			name: 'ValidationException'
		});
	});

	it('is invocable by its ARN in Converse, ConverseStream and InvokeModel, and not after delete', async () => {
		const { inferenceProfileArn } = await createProfile('invoke-me');
		const runtime = runtimeClient(env.emulator.url);
		const direct = await runtime.send(
			new ConverseCommand({ modelId: HAIKU, messages: userText('hello there') })
		);
		const through = await runtime.send(
			new ConverseCommand({ modelId: inferenceProfileArn, messages: userText('hello there') })
		);
		// The same base model answers (generation is seeded by the model).
		expect(through.output).toEqual(direct.output);

		const stream = await runtime.send(
			new ConverseStreamCommand({ modelId: inferenceProfileArn, messages: userText('hi') })
		);
		let text = '';
		for await (const event of stream.stream!) text += event.contentBlockDelta?.delta?.text ?? '';
		expect(text.length).toBeGreaterThan(0);

		const native = await runtime.send(
			new InvokeModelCommand({
				modelId: inferenceProfileArn,
				contentType: 'application/json',
				body: JSON.stringify({
					anthropic_version: 'bedrock-2023-05-31',
					max_tokens: 20,
					messages: [{ role: 'user', content: 'hi' }]
				})
			})
		);
		expect(JSON.parse(new TextDecoder().decode(native.body)).content[0].text).toBeTruthy();

		await bedrockClient(env.emulator.url).send(
			new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: inferenceProfileArn })
		);
		await expect(
			runtime.send(new ConverseCommand({ modelId: inferenceProfileArn, messages: userText('x') }))
		).rejects.toMatchObject({
			name: 'ValidationException',
			message: 'The provided model identifier is invalid.'
		});
		await expect(
			bedrockClient(env.emulator.url).send(
				new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: inferenceProfileArn })
			)
		).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
	});

	it('refuses a key allowed only inference-profile/* on application-inference-profile/*', async () => {
		const { inferenceProfileArn } = await createProfile('iam-trap');
		const limited = {
			accessKeyId: 'AKIAPROFILEONLY00001',
			secretAccessKey: 'profile-only-secret-key-000000000000000',
			accountId: '123456789012',
			userArn: 'arn:aws:iam::123456789012:user/profiles-only',
			allowedResources: [
				'arn:aws:bedrock:*:*:inference-profile/*',
				'arn:aws:bedrock:*::foundation-model/*'
			]
		};
		await env.control.addKey(limited);
		try {
			const runtime = runtimeClient(env.emulator.url, limited);
			const ok = await runtime.send(
				new ConverseCommand({ modelId: `us.${HAIKU}`, messages: userText('hi') })
			);
			expect(ok.output?.message).toBeDefined();
			await expect(
				runtime.send(
					new ConverseCommand({ modelId: inferenceProfileArn, messages: userText('hi') })
				)
			).rejects.toMatchObject({
				name: 'AccessDeniedException',
				message: `User: ${limited.userArn} is not authorized to perform: bedrock:InvokeModel on resource: ${inferenceProfileArn} because no identity-based policy allows the bedrock:InvokeModel action`
			});
		} finally {
			await env.control.removeKey(limited.accessKeyId);
		}
		expect(EXAMPLE_KEY.accessKeyId).not.toBe(limited.accessKeyId);
	});
});

describe('provisioned throughput refusals', () => {
	it('refuses a duplicate name and a delete during a commitment, and lists the tags', async () => {
		const client = bedrockClient(env.emulator.url);
		const { provisionedModelArn } = await client.send(
			new CreateProvisionedModelThroughputCommand({
				provisionedModelName: 'committed',
				modelId: `${HAIKU}:48k`,
				modelUnits: 1,
				commitmentDuration: 'OneMonth',
				tags: [{ key: 'team', value: 'search' }]
			})
		);
		await expect(
			client.send(
				new CreateProvisionedModelThroughputCommand({
					provisionedModelName: 'committed',
					modelId: `${HAIKU}:48k`,
					modelUnits: 1
				})
			)
		).rejects.toMatchObject({ name: 'ConflictException' });
		const { tags } = await client.send(
			new ListTagsForResourceCommand({ resourceARN: provisionedModelArn })
		);
		expect(tags).toEqual([{ key: 'team', value: 'search' }]);
		const refusal = await client
			.send(
				new DeleteProvisionedModelThroughputCommand({ provisionedModelId: provisionedModelArn })
			)
			.catch((e: Error) => e);
		expect(refusal).toMatchObject({
			name: 'ConflictException',
			$metadata: { httpStatusCode: 400 }
		});
		expect((refusal as Error).message).toMatch(
			/OneMonth commitment that ends at \d{4}-\d\d-\d\dT.*You can't delete a Provisioned Throughput before the commitment term is over\./
		);
	});
});
