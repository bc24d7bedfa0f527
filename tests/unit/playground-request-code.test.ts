// "Copy as code": the snippets carry exactly the request the page sends (the SDK one through
// the server's own converseRequest), stay valid code whatever the prompt holds, and the AWS SDK
// snippet type-checks against the real @aws-sdk/client-bedrock-runtime.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { converseRequest } from '../../src/lib/schemas/converse-request';
import type { ConverseInput } from '../../src/lib/schemas/invoke';
import { awsSdkCode, typedClientCode } from '../../src/lib/features/playground/request-code';

const input: ConverseInput = {
	modelId: 'us.anthropic.claude-3-haiku-20240307-v1:0',
	system: 'Answer in "quotes".\nBe brief \\ kind.',
	systemCachePoint: '5m',
	messages: [
		{ role: 'user', content: 'Hi' },
		{ role: 'assistant', content: 'Hello!' },
		{ role: 'user', content: "What's `2+2`? ${oops}" }
	],
	inferenceConfig: { maxTokens: 300, temperature: 0.5, topP: 0.9, stopSequences: ['END'] }
};

/** The first top-level object literal after `marker` in a snippet. */
function literalOf(code: string, marker: string): unknown {
	const start = code.indexOf('{', code.indexOf(marker));
	const end = code.indexOf('\n}', start) + 2;
	return JSON.parse(code.slice(start, end));
}

/**
 * Type errors per snippet, all compiled in ONE program (type-checking the SDK's types costs
 * seconds): each snippet is a module inside this repository, so packages resolve as for a user.
 */
function typeErrors(snippets: Record<string, string>): Record<string, string[]> {
	const files = new Map(
		Object.entries(snippets).map(([name, code]) => [
			path.resolve(`tests/unit/__${name}__.ts`),
			code
		])
	);
	const options: ts.CompilerOptions = {
		strict: true,
		noEmit: true,
		target: ts.ScriptTarget.ES2022,
		module: ts.ModuleKind.ESNext,
		moduleResolution: ts.ModuleResolutionKind.Bundler,
		skipLibCheck: true,
		types: ['node']
	};
	const host = ts.createCompilerHost(options);
	const read = host.getSourceFile.bind(host);
	host.getSourceFile = (name, lang) => {
		const code = files.get(name);
		return code === undefined ? read(name, lang) : ts.createSourceFile(name, code, lang);
	};
	const exists = host.fileExists.bind(host);
	host.fileExists = (name) => files.has(name) || exists(name);
	const program = ts.createProgram([...files.keys()], options, host);
	const errors: Record<string, string[]> = Object.fromEntries(
		Object.keys(snippets).map((name) => [name, []])
	);
	for (const d of ts.getPreEmitDiagnostics(program)) {
		const name = Object.keys(snippets).find(
			(n) => d.file?.fileName === path.resolve(`tests/unit/__${n}__.ts`)
		);
		errors[name ?? 'elsewhere'] ??= [];
		errors[name ?? 'elsewhere']!.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
	}
	return errors;
}

describe('copy as code', () => {
	for (const streaming of [false, true]) {
		it(`typed client (${streaming ? 'stream' : 'one call'}): the input as the page sends it`, () => {
			const code = typedClientCode(input, streaming);
			const call = streaming
				? 'api.invoke.converseStream.subscribe('
				: 'api.invoke.converse.mutate(';
			expect(code).toContain(call);
			expect(literalOf(code, call)).toEqual(input);
		});

		it(`AWS SDK (${streaming ? 'stream' : 'one call'}): the request the server sends`, () => {
			const code = awsSdkCode(input, 'eu-west-1', streaming);
			expect(literalOf(code, 'const request')).toEqual(
				JSON.parse(JSON.stringify(converseRequest(input)))
			);
			expect(code).toContain(`region: "eu-west-1"`);
		});
	}

	it('the AWS SDK snippets type-check against the real SDK (and the check is live)', () => {
		const errors = typeErrors({
			sdk_call: awsSdkCode(input, 'eu-west-1', false),
			sdk_stream: awsSdkCode(input, 'eu-west-1', true),
			broken: `const n: number = 'x'; export {};`
		});
		expect(errors.sdk_call).toEqual([]);
		expect(errors.sdk_stream).toEqual([]);
		expect(errors.elsewhere).toBeUndefined();
		expect(errors.broken!.join('\n')).toMatch(/not assignable/);
	});
});
