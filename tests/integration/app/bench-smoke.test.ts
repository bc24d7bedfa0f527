/**
 * `npm run bench`'s pairs, a few requests each, against the test stack: they still run and
 * measure what they claim (both sides answered, streams delivered text, the load generator saw
 * no errors), the reference gateway included. No timing is asserted here; the targets are
 * checked by `npm run bench` only.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { appHttp } from '../../../bench/lib/app-http';
import { printTable } from '../../../bench/lib/report';
import { benchRows } from '../../../bench/lib/rows';
import { signedHeaders } from '../../../bench/lib/signed-request';
import { conversePair } from '../../../bench/pairs/converse';
import { streamPair } from '../../../bench/pairs/stream';
import { throughputPair } from '../../../bench/pairs/throughput';
import { spawnReferenceGateway } from '../../../bench/reference-gateway/spawn';
import { EXAMPLE_KEY_PAIR } from '../../../devstack/bedrock-emulator/keys';
import { testEnv } from '../../helpers/test-env';
import { createTestUser } from '../../helpers/factories';

const sdk = new BedrockRuntimeClient({
	endpoint: testEnv().AWS_ENDPOINT_URL_BEDROCK_RUNTIME,
	region: 'us-east-1',
	credentials: { ...EXAMPLE_KEY_PAIR }
});
afterAll(() => sdk.destroy());

describe('npm run bench, smoke', () => {
	it('runs every pair for a few requests and builds the table', async () => {
		const user = await createTestUser();
		const app = appHttp(testEnv().APP_URL, user.accessToken);
		const gateway = await spawnReferenceGateway(testEnv().AWS_ENDPOINT_URL_BEDROCK_RUNTIME);
		const reference = appHttp(gateway.url, 'none');
		try {
			await app.call('mutation', 'credentials.save', { ...EXAMPLE_KEY_PAIR, region: 'us-east-1' });
			await reference.call(
				'mutation',
				'reference.setList',
				await app.call('query', 'models.list', {})
			);

			const converse = await conversePair(sdk, app, 3, reference);
			expect(converse.direct.n).toBe(3);
			expect(converse.api.n).toBe(3);
			expect(converse.floor.n).toBe(3);
			expect(converse.reference?.n).toBe(3);

			const stream = await streamPair(sdk, app, 2, reference);
			// Every side saw the same answer, delta for delta.
			expect(stream.api.deltasPerStream).toBeGreaterThan(1);
			expect(stream.api.deltasPerStream).toBe(stream.direct.deltasPerStream);
			expect(stream.reference?.deltasPerStream).toBe(stream.direct.deltasPerStream);

			const emulator = testEnv().AWS_ENDPOINT_URL_BEDROCK;
			const throughput = await throughputPair(
				{
					url: `${emulator}/foundation-models`,
					headers: await signedHeaders(emulator, 'GET', '/foundation-models', EXAMPLE_KEY_PAIR)
				},
				{
					url: `${testEnv().APP_URL}/api/trpc/models.list?input=${encodeURIComponent('{}')}`,
					headers: { authorization: `Bearer ${user.accessToken}` }
				},
				2,
				1,
				{
					floor: {
						url: `${testEnv().APP_URL}/livez`,
						headers: { authorization: `Bearer ${user.accessToken}` }
					},
					reference: {
						url: `${gateway.url}/api/trpc/models.list?input=${encodeURIComponent('{}')}`,
						headers: {}
					}
				}
			);
			expect(throughput.errors).toBe(0);
			expect(throughput.floor).toBeGreaterThan(0);
			expect(throughput.reference).toBeGreaterThan(0);
			expect(throughput.direct).toBeGreaterThan(0);
			expect(throughput.api).toBeGreaterThan(0);

			const rows = benchRows({
				converse,
				stream,
				throughput: [throughput],
				memory: { requests: 1, afterFirstMb: 100, afterSecondMb: 100, errors: 0 }
			});
			expect(rows.map((r) => r.measure)).toHaveLength(12);
			for (const row of rows) expect(row.change).toMatch(/\d/);
			// Floor and reference rows carry no target, so they can never read as a pass.
			for (const [prefix, count] of [
				['floor:', 2],
				['reference:', 4]
			] as const) {
				const context = rows.filter((r) => r.measure.startsWith(prefix));
				expect(context).toHaveLength(count);
				for (const row of context) expect(row.pass).toBeNull();
				expect(printTable(context)).not.toMatch(/\b(pass|MISS)\b/);
			}
		} finally {
			app.close();
			reference.close();
			await gateway.close();
		}
	});
});
