import { describe, expect, it } from 'vitest';
import {
	FIRST_DELAY_MS,
	MAX_DELAY_MS,
	nextDelay
} from '../../src/routes/admin/supabase-bedrock/provisioned/poll-delay';
import { parseTags } from '../../src/routes/admin/supabase-bedrock/provisioned/tags';
import { createProvisionedInput, updateProvisionedInput } from '../../src/lib/schemas/provisioned';
import { createProfileInput } from '../../src/lib/schemas/profiles';
import { callTarget, opaqueKind } from '../../src/lib/server/usage/call-targets';
import { recordUsage } from '../../src/lib/server/usage/recorder';
import { costOf } from '../../src/lib/server/usage/pricing';
import { toProvisioned } from '../../src/lib/server/provisioned/service';
import type { UsageQueue } from '../../src/lib/server/usage/queue';
import { findHintRow } from '../../src/lib/server/aws/hints';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const APP_ARN = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456';
const PT_ARN = 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdef123456';

describe('the provisioned page’s polling back-off', () => {
	it('grows from 1 s by 1.6× and never passes 15 s', () => {
		const delays = [FIRST_DELAY_MS];
		for (let i = 0; i < 10; i++) delays.push(nextDelay(delays.at(-1)!));
		expect(delays.slice(0, 4)).toEqual([1000, 1600, 2560, 4096]);
		expect(Math.max(...delays)).toBe(MAX_DELAY_MS);
	});
});

describe('tag lines', () => {
	it('reads key=value lines, keeps = in values, and names the bad line', () => {
		expect(parseTags('team=search\n\n url = a=b ')).toEqual({
			ok: true,
			tags: [
				{ key: 'team', value: 'search' },
				{ key: 'url', value: 'a=b' }
			]
		});
		expect(parseTags('team=x\nnovalue')).toEqual({
			ok: false,
			error: 'Line 2 needs the form key=value'
		});
	});
});

describe('schemas', () => {
	it('create refuses bad names, units and commitments field by field', () => {
		const r = createProvisionedInput.safeParse({
			name: 'two  spaces',
			modelId: HAIKU,
			modelUnits: 0,
			commitment: 'TwoYears'
		});
		expect(r.success).toBe(false);
		const fields = Object.keys(r.error!.flatten().fieldErrors).sort();
		expect(fields).toEqual(['commitment', 'modelUnits', 'name']);
	});

	it('update needs a new name or model, and duplicate tag keys are refused', () => {
		expect(updateProvisionedInput.safeParse({ arn: PT_ARN }).success).toBe(false);
		expect(updateProvisionedInput.safeParse({ arn: PT_ARN, name: 'renamed' }).success).toBe(true);
		const dup = createProfileInput.safeParse({
			name: 'p',
			copyFrom: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`,
			tags: [
				{ key: 'a', value: '1' },
				{ key: 'a', value: '2' }
			]
		});
		expect(dup.success).toBe(false);
	});
});

describe('call targets', () => {
	it('knows which ARNs hide their model', () => {
		expect(opaqueKind(APP_ARN)).toBe('application-profile');
		expect(opaqueKind(PT_ARN)).toBe('provisioned');
		expect(opaqueKind(`us.${HAIKU}`)).toBeNull();
	});

	it('prices an application profile as its base model, a provisioned model per token at nothing known', () => {
		expect(callTarget(APP_ARN, HAIKU)).toEqual({
			kind: 'application-profile',
			baseModelId: HAIKU,
			inferenceProfileId: APP_ARN,
			pricingModelId: HAIKU
		});
		expect(callTarget(PT_ARN, `${HAIKU}:48k`)).toEqual({
			kind: 'provisioned',
			baseModelId: `${HAIKU}:48k`,
			inferenceProfileId: null,
			pricingModelId: null
		});
		expect(callTarget(`us.${HAIKU}`, null)).toMatchObject({
			kind: 'model',
			baseModelId: HAIKU,
			pricingModelId: `us.${HAIKU}`
		});
	});

	it('records the ARN as called with its base model; cost at the base rate, or null (never 0) when provisioned', () => {
		const rows: Record<string, unknown>[] = [];
		const queue = {
			enqueue: (row: Record<string, unknown>) => rows.push(row)
		} as unknown as UsageQueue;
		const call = {
			userId: '00000000-0000-0000-0000-000000000001',
			region: 'us-east-1',
			operation: 'converse' as const,
			status: 'ok' as const,
			awsError: null,
			inputTokens: 1000,
			outputTokens: 1000,
			cacheReadTokens: 0,
			cacheWriteTokens: 0,
			awsLatencyMs: 10,
			durationMs: 12,
			firstTokenMs: null,
			awsRequestId: null
		};
		const viaProfile = recordUsage(
			{ ...call, modelId: APP_ARN, target: callTarget(APP_ARN, HAIKU) },
			queue
		);
		const viaProvisioned = recordUsage(
			{ ...call, modelId: PT_ARN, target: callTarget(PT_ARN, `${HAIKU}:48k`) },
			queue
		);
		const unresolved = recordUsage({ ...call, modelId: APP_ARN }, queue);
		expect(viaProfile.costUsd).toBe(
			costOf(HAIKU, HAIKU, {
				inputTokens: 1000,
				outputTokens: 1000,
				cacheReadTokens: 0,
				cacheWriteTokens: 0
			})
		);
		expect(viaProfile.costUsd).toBe(0.0015);
		expect(viaProvisioned.costUsd).toBeNull();
		expect(unresolved.costUsd).toBeNull();
		expect(rows[0]).toMatchObject({
			model_id: APP_ARN,
			base_model_id: HAIKU,
			inference_profile_id: APP_ARN
		});
		expect(rows[1]).toMatchObject({
			model_id: PT_ARN,
			base_model_id: `${HAIKU}:48k`,
			cost_usd: null
		});
	});
});

describe('toProvisioned', () => {
	it('names the base model, the commitment and its end, and the model being moved to', () => {
		const row = toProvisioned({
			provisionedModelName: 'pt',
			provisionedModelArn: PT_ARN,
			modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}:48k`,
			foundationModelArn: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}:48k`,
			desiredModelArn: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}:200k`,
			modelUnits: 1,
			desiredModelUnits: 1,
			status: 'Updating',
			commitmentDuration: 'SixMonths',
			commitmentExpirationTime: new Date('2027-05-01T00:00:00Z'),
			creationTime: new Date('2026-11-01T00:00:00Z'),
			lastModifiedTime: new Date('2026-11-02T00:00:00Z')
		});
		expect(row).toMatchObject({
			modelId: `${HAIKU}:48k`,
			desiredModelId: `${HAIKU}:200k`,
			commitment: 'SixMonths',
			commitmentExpiresAt: '2027-05-01T00:00:00.000Z',
			failureMessage: null
		});
	});
});

describe('the application-profile IAM hint', () => {
	it('says that inference-profile/* does not cover application-inference-profile/*', () => {
		const facts = {
			name: 'AccessDeniedException',
			message: `User: arn:aws:iam::123456789012:user/x is not authorized to perform: bedrock:InvokeModel on resource: ${APP_ARN} because no identity-based policy allows the bedrock:InvokeModel action`
		};
		const row = findHintRow(facts);
		expect(row.id).toBe('application_profile_permission');
		expect(row.hint({ region: 'us-east-1' }, facts)).toContain(
			'arn:aws:bedrock:us-east-1:<account>:application-inference-profile/*'
		);
		expect(
			findHintRow({
				...facts,
				message: facts.message.replace(
					APP_ARN,
					`arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`
				)
			}).id
		).toBe('missing_permission');
	});
});
