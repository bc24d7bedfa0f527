import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { connectionTestInput } from '../../src/lib/schemas/connection';
import { converseInput, invokeModelInput } from '../../src/lib/schemas/invoke';
import { getModelInput, listModelsInput } from '../../src/lib/schemas/models';

const fields = (schema: z.ZodType, input: unknown) => {
	const result = schema.safeParse(input);
	expect(result.success).toBe(false);
	return z.flattenError(result.error!).fieldErrors as Record<string, string[] | undefined>;
};

describe('listModelsInput', () => {
	it('defaults to no filters and upper-cases enum filters', () => {
		expect(listModelsInput.parse(undefined)).toEqual({});
		expect(
			listModelsInput.parse({
				outputModality: 'text',
				lifecycle: 'active',
				inferenceType: 'on_demand'
			})
		).toEqual({
			outputModality: 'TEXT',
			lifecycle: 'ACTIVE',
			inferenceType: 'ON_DEMAND'
		});
	});
	it.each([
		[{ provider: 'Anthropic;drop' }, 'provider'],
		[{ inputModality: 'SMELL' }, 'inputModality'],
		[{ outputModality: 3 }, 'outputModality'],
		[{ inferenceType: 'SPOT' }, 'inferenceType'],
		[{ customization: 'PRUNING' }, 'customization'],
		[{ streaming: 'yes' }, 'streaming'],
		[{ lifecycle: 'RETIRED' }, 'lifecycle'],
		[{ search: 'x'.repeat(201) }, 'search']
	])('refuses %j naming %s', (input, field) => {
		expect(fields(listModelsInput, input)[field]?.length).toBeGreaterThan(0);
	});
});

describe('getModelInput', () => {
	it('accepts ids, profile ids and ARNs', () => {
		for (const modelId of [
			'anthropic.claude-3-haiku-20240307-v1:0',
			'us.anthropic.claude-3-5-haiku-20241022-v1:0',
			'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1'
		]) {
			expect(getModelInput.parse({ modelId }).modelId).toBe(modelId);
		}
	});
	it('refuses ids with spaces or path tricks', () => {
		expect(fields(getModelInput, { modelId: 'a b' }).modelId?.[0]).toMatch(/letters, digits/);
		expect(fields(getModelInput, { modelId: '../etc' }).modelId?.length).toBe(1);
		expect(fields(getModelInput, { modelId: '' }).modelId?.[0]).toMatch(/Enter a model id/);
	});
});

describe('converseInput', () => {
	const ok = {
		modelId: 'amazon.titan-text-express-v1',
		messages: [{ role: 'user', content: 'Hi' }]
	};
	it('accepts the shape programs rely on', () => {
		const parsed = converseInput.parse({
			...ok,
			system: 'Be brief',
			inferenceConfig: { maxTokens: 10, temperature: 0.2, topP: 0.9, stopSequences: ['\n'] }
		});
		expect(parsed.inferenceConfig?.maxTokens).toBe(10);
	});
	it.each([
		[{ messages: [] }, 'messages', /at least one/],
		[{ messages: [{ role: 'assistant', content: 'x' }] }, 'messages', /starting with user/],
		[
			{
				messages: [
					{ role: 'user', content: 'a' },
					{ role: 'user', content: 'b' }
				]
			},
			'messages',
			/should be "assistant"/
		],
		[{ messages: [{ role: 'system', content: 'x' }] }, 'messages', /role must be/],
		[{ messages: [{ role: 'user', content: '' }] }, 'messages', /some text/],
		[{ inferenceConfig: { maxTokens: 0 } }, 'inferenceConfig', /at least 1/],
		[{ inferenceConfig: { temperature: 1.5 } }, 'inferenceConfig', /between 0 and 1/],
		[
			{ inferenceConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e'] } },
			'inferenceConfig',
			/At most 4/
		],
		[{ system: 42 }, 'system', /system must be text/]
	])('refuses %j naming %s', (patch, field, message) => {
		expect(fields(converseInput, { ...ok, ...patch })[field]?.join(' ')).toMatch(message);
	});
});

describe('invokeModelInput and connectionTestInput', () => {
	it('needs a JSON object body', () => {
		expect(
			fields(invokeModelInput, { modelId: 'amazon.titan-text-express-v1', body: 'text' }).body?.[0]
		).toMatch(/JSON object/);
		expect(
			invokeModelInput.parse({ modelId: 'amazon.titan-text-express-v1', body: { inputText: 'hi' } })
				.body
		).toEqual({ inputText: 'hi' });
	});
	it('makes invocation opt-in', () => {
		expect(connectionTestInput.parse(undefined)).toEqual({ includeInvocation: false });
		expect(connectionTestInput.parse({ includeInvocation: true })).toEqual({
			includeInvocation: true
		});
		expect(
			fields(connectionTestInput, { includeInvocation: 'yes' }).includeInvocation?.[0]
		).toMatch(/true or false/);
	});
});
