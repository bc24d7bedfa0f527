/**
 * Minimal native InvokeModel request bodies and text extraction for the cheap text model
 * families the connection test may use. Kept tiny on purpose: the test asks for a handful of
 * tokens, because every invocation costs money.
 */
export interface NativeTextFormat {
	/** Body asking for at most `maxTokens` tokens of a reply to `prompt`. */
	body(prompt: string, maxTokens: number): Record<string, unknown>;
	/** Text in a response body or in one decoded stream chunk. */
	text(json: unknown): string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');

const titan: NativeTextFormat = {
	body: (prompt, maxTokens) => ({
		inputText: prompt,
		textGenerationConfig: { maxTokenCount: maxTokens, temperature: 0 }
	}),
	text: (json) => {
		const j = obj(json);
		const results = Array.isArray(j.results) ? j.results : [];
		return results.length ? str(obj(results[0]).outputText) : str(j.outputText);
	}
};

const anthropicMessages: NativeTextFormat = {
	body: (prompt, maxTokens) => ({
		anthropic_version: 'bedrock-2023-05-31',
		max_tokens: maxTokens,
		messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }]
	}),
	text: (json) => {
		const j = obj(json);
		if (Array.isArray(j.content)) return j.content.map((c) => str(obj(c).text)).join('');
		return str(obj(j.delta).text);
	}
};

const llama: NativeTextFormat = {
	body: (prompt, maxTokens) => ({
		prompt: `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${prompt}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`,
		max_gen_len: maxTokens,
		temperature: 0
	}),
	text: (json) => str(obj(json).generation)
};

const mistral: NativeTextFormat = {
	body: (prompt, maxTokens) => ({
		prompt: `<s>[INST] ${prompt} [/INST]`,
		max_tokens: maxTokens,
		temperature: 0
	}),
	text: (json) => {
		const outputs = obj(json).outputs;
		return Array.isArray(outputs) ? outputs.map((o) => str(obj(o).text)).join('') : '';
	}
};

export function nativeFormatFor(modelId: string): NativeTextFormat | undefined {
	if (modelId.startsWith('amazon.titan-text')) return titan;
	if (
		modelId.startsWith('anthropic.claude-3') ||
		modelId.startsWith('anthropic.claude-v2') ||
		modelId.startsWith('anthropic.claude-instant')
	)
		return anthropicMessages;
	if (modelId.startsWith('meta.llama')) return llama;
	if (modelId.startsWith('mistral.')) return mistral;
	return undefined;
}

/** Cheapest first (on-demand text models, by published input price). */
export const CHEAP_TEXT_MODELS = [
	'amazon.titan-text-lite-v1',
	'mistral.mistral-7b-instruct-v0:2',
	'amazon.titan-text-express-v1',
	'anthropic.claude-3-haiku-20240307-v1:0',
	'meta.llama3-8b-instruct-v1:0'
] as const;
