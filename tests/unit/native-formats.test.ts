import { describe, expect, it } from 'vitest';
import { NATIVE_FORMATS, nativeFamilyOf, nativeFormat } from '../../src/lib/schemas/native-formats';

describe('native body formats', () => {
	it('maps model and profile ids to their provider format', () => {
		expect(nativeFamilyOf('amazon.titan-text-express-v1')).toBe('titan-text');
		expect(nativeFamilyOf('us.anthropic.claude-3-haiku-20240307-v1:0')).toBe('anthropic-messages');
		expect(nativeFamilyOf('us.amazon.nova-micro-v1:0')).toBe('nova');
		expect(nativeFamilyOf('amazon.nova-canvas-v1:0')).toBeUndefined();
		expect(nativeFamilyOf('meta.llama3-8b-instruct-v1:0')).toBe('llama');
		expect(nativeFamilyOf('mistral.mistral-7b-instruct-v0:2')).toBe('mistral');
		expect(nativeFamilyOf('openai.gpt-oss-20b-1:0')).toBe('openai-chat');
		expect(nativeFamilyOf('ai21.jamba-1-5-mini-v1:0')).toBe('openai-chat');
		expect(nativeFamilyOf('deepseek.r1-v1:0')).toBe('deepseek-r1');
		expect(nativeFamilyOf('amazon.titan-embed-text-v2:0')).toBe('titan-embed');
		expect(nativeFamilyOf('cohere.embed-english-v3')).toBe('cohere-embed');
		expect(nativeFamilyOf('stability.sd3-5-large-v1:0')).toBeUndefined();
	});

	it('puts the prompt and the token limit where each format expects them', () => {
		for (const format of NATIVE_FORMATS) {
			const body = JSON.stringify(format.body('PROMPT-42', 77));
			expect(body, format.family).toContain('PROMPT-42');
			if (!format.embedding) expect(body, format.family).toContain('77');
		}
	});

	it('reads the text out of each text format’s response', () => {
		const cases: Array<[Parameters<typeof nativeFormat>[0], unknown]> = [
			['titan-text', { results: [{ outputText: 'hi' }] }],
			[
				'anthropic-messages',
				{
					content: [
						{ type: 'text', text: 'h' },
						{ type: 'text', text: 'i' }
					]
				}
			],
			['llama', { generation: 'hi' }],
			['mistral', { outputs: [{ text: 'hi' }] }],
			['nova', { output: { message: { content: [{ text: 'hi' }] } } }],
			['openai-chat', { choices: [{ message: { content: 'hi' } }] }],
			['deepseek-r1', { choices: [{ text: 'hi' }] }]
		];
		for (const [family, response] of cases) expect(nativeFormat(family).text(response)).toBe('hi');
		expect(nativeFormat('llama').text({ unexpected: true })).toBe('');
	});
});
