// The AWS circuit breakers with the real SDK against the emulator over HTTP: repeated 5xx or
// dropped connections open the circuit of one service in one Region (the next call is refused
// without a request reaching AWS), throttling and a caller's hang-up never do, and a probe after
// the cooldown closes it. In-process (this file's own breakers), with a fresh emulator key whose
// fault rules touch no other test.
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockClients } from '../../../src/lib/server/aws/clients';
import { awsCircuits } from '../../../src/lib/server/aws/circuit';
import { describeAwsError } from '../../../src/lib/server/aws/errors';
import { emulator, newEmulatorKey } from '../api/harness';
import { testEnv } from '../../helpers/test-env';

const THRESHOLD = 3;
const COOLDOWN_MS = 1_500;
Object.assign(process.env, {
	BREAKER_FAILURE_THRESHOLD: String(THRESHOLD),
	BREAKER_COOLDOWN_MS: String(COOLDOWN_MS)
});

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const converse = () =>
	new ConverseCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'Hi' }] }] });

let key: Awaited<ReturnType<typeof newEmulatorKey>>;
const clientsIn = (region: string) =>
	createBedrockClients({ kind: 'access_key', ...key }, region, {
		AWS_ENDPOINT_URL_BEDROCK: testEnv().AWS_ENDPOINT_URL_BEDROCK,
		AWS_ENDPOINT_URL_BEDROCK_RUNTIME: testEnv().AWS_ENDPOINT_URL_BEDROCK_RUNTIME,
		AWS_ENDPOINT_URL_STS: testEnv().AWS_ENDPOINT_URL_STS
	});

/** Rules for this file's key only, so no other test's calls are affected. */
async function faultOnConverse(rule: Record<string, unknown>, region: string) {
	await emulator().setFaults([
		...(await emulator().faults()).filter((r) => r.match?.accessKeyId !== key.accessKeyId),
		{ ...rule, match: { operation: 'Converse', accessKeyId: key.accessKeyId, region } } as never
	]);
}
async function clearMyFaults() {
	await emulator().setFaults(
		(await emulator().faults()).filter((r) => r.match?.accessKeyId !== key.accessKeyId)
	);
}
async function requestsByMyKey(): Promise<number> {
	const all = await emulator().requests();
	return all.filter((r) => r.accessKeyId === key.accessKeyId).length;
}
const stateOf = (service: string, region: string) =>
	awsCircuits().find((c) => c.service === service && c.region === region)?.state ?? 'unused';

beforeAll(async () => {
	key = await newEmulatorKey();
});
afterAll(clearMyFaults);

describe('AWS circuit breaker (per service and Region)', () => {
	it('opens after repeated 5xx, refuses without calling AWS, and closes after a probe', async () => {
		const region = 'eu-west-3';
		const clients = clientsIn(region);
		await faultOnConverse({ kind: 'serviceUnavailable' }, region);
		for (let i = 0; i < THRESHOLD; i++) {
			await expect(clients.runtime.send(converse())).rejects.toMatchObject({
				name: 'ServiceUnavailableException'
			});
		}
		expect(stateOf('bedrock-runtime', region)).toBe('open');

		const before = await requestsByMyKey();
		const refusal = await clients.runtime.send(converse()).catch((err: unknown) => err);
		expect(refusal).toMatchObject({ name: 'CircuitOpenError', region, service: 'bedrock-runtime' });
		expect(await requestsByMyKey()).toBe(before);
		// What the API answers with: a typed, retryable 503 with a hint naming the Region.
		const explained = describeAwsError(refusal, { region });
		expect(explained).toMatchObject({
			code: 'SERVICE_UNAVAILABLE',
			awsError: 'CircuitOpenError',
			retryable: true,
			hint: expect.stringContaining(`in ${region}`)
		});

		// Other services and Regions keep their own circuits.
		await expect(clients.sts!.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
			Arn: expect.any(String)
		});
		await expect(clientsIn('us-west-2').runtime.send(converse())).resolves.toMatchObject({
			stopReason: expect.any(String)
		});

		await clearMyFaults();
		await new Promise((done) => setTimeout(done, COOLDOWN_MS + 100));
		expect(stateOf('bedrock-runtime', region)).toBe('half-open');
		await expect(clients.runtime.send(converse())).resolves.toMatchObject({
			stopReason: expect.any(String)
		});
		expect(stateOf('bedrock-runtime', region)).toBe('closed');
	});

	it('counts dropped connections as faults', async () => {
		const region = 'ap-northeast-1';
		const clients = clientsIn(region);
		await faultOnConverse({ kind: 'connectionReset' }, region);
		for (let i = 0; i < THRESHOLD; i++) {
			await expect(clients.runtime.send(converse())).rejects.toBeInstanceOf(Error);
		}
		expect(stateOf('bedrock-runtime', region)).toBe('open');
		await clearMyFaults();
	});

	it('never opens for throttling: AWS answered, the quota is one account’s', async () => {
		const region = 'eu-central-1';
		const clients = clientsIn(region);
		await faultOnConverse({ kind: 'throttling' }, region);
		for (let i = 0; i < THRESHOLD + 2; i++) {
			await expect(clients.runtime.send(converse())).rejects.toMatchObject({
				name: 'ThrottlingException'
			});
		}
		expect(stateOf('bedrock-runtime', region)).toBe('closed');
		await clearMyFaults();
		await expect(clients.runtime.send(converse())).resolves.toBeDefined();
	});

	it('never opens because callers hung up', async () => {
		const region = 'ap-southeast-2';
		const clients = clientsIn(region);
		await faultOnConverse({ kind: 'latency', latencyMs: 2_000 }, region);
		for (let i = 0; i < THRESHOLD + 1; i++) {
			const caller = new AbortController();
			setTimeout(() => caller.abort(), 100);
			await expect(
				clients.runtime.send(converse(), { abortSignal: caller.signal })
			).rejects.toBeInstanceOf(Error);
		}
		expect(stateOf('bedrock-runtime', region)).not.toBe('open');
		await clearMyFaults();
	});
});
