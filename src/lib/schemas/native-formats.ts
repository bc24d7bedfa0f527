/**
 * Bedrock's native InvokeModel bodies, one format per provider family: a starting body for a
 * prompt, and where the answer's text sits in a response (or a stream chunk). Shared by the
 * playground's Native tab (templates, parsed text) and the server's connection test (a tiny
 * probe body), so both speak each format the same way.
 *
 * Which model speaks which format follows AWS's model parameter pages ("Inference request
 * parameters and response fields for foundation models"). A model not listed here still works
 * through InvokeModel: the user writes the body, and the raw response is shown as is.
 */
export type NativeFamily =
	| 'titan-text'
	| 'anthropic-messages'
	| 'llama'
	| 'mistral'
	| 'nova'
	| 'openai-chat'
	| 'deepseek-r1'
	| 'titan-embed'
	| 'cohere-embed';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface NativeFormat {
	family: NativeFamily;
	/** A plain-words name for the template picker. */
	label: string;
	/** True for embedding models: the answer is a vector, not text. */
	embedding: boolean;
	/** A body asking for at most `maxTokens` tokens of a reply to `prompt`. */
	body(prompt: string, maxTokens: number): Json;
	/** The text in a response body or one decoded stream chunk ('' when there is none). */
	text(json: unknown): string;
}

const FORMATS: Record<NativeFamily, NativeFormat> = {
	'titan-text': {
		family: 'titan-text',
		label: 'Amazon Titan Text',
		embedding: false,
		body: (prompt, maxTokens) => ({
			inputText: prompt,
			textGenerationConfig: { maxTokenCount: maxTokens, temperature: 0 }
		}),
		text: (json) => {
			const j = obj(json);
			const results = list(j.results);
			return results.length ? str(obj(results[0]).outputText) : str(j.outputText);
		}
	},
	'anthropic-messages': {
		family: 'anthropic-messages',
		label: 'Anthropic Messages',
		embedding: false,
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
	},
	llama: {
		family: 'llama',
		label: 'Meta Llama',
		embedding: false,
		body: (prompt, maxTokens) => ({
			prompt: `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${prompt}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`,
			max_gen_len: maxTokens,
			temperature: 0
		}),
		text: (json) => str(obj(json).generation)
	},
	mistral: {
		family: 'mistral',
		label: 'Mistral (text completion)',
		embedding: false,
		body: (prompt, maxTokens) => ({
			prompt: `<s>[INST] ${prompt} [/INST]`,
			max_tokens: maxTokens,
			temperature: 0
		}),
		text: (json) =>
			list(obj(json).outputs)
				.map((o) => str(obj(o).text))
				.join('')
	},
	nova: {
		family: 'nova',
		label: 'Amazon Nova (messages-v1)',
		embedding: false,
		body: (prompt, maxTokens) => ({
			schemaVersion: 'messages-v1',
			messages: [{ role: 'user', content: [{ text: prompt }] }],
			inferenceConfig: { max_new_tokens: maxTokens, temperature: 0 }
		}),
		text: (json) => {
			const j = obj(json);
			const content = list(obj(obj(j.output).message).content);
			if (content.length) return content.map((c) => str(obj(c).text)).join('');
			return str(obj(obj(j.contentBlockDelta).delta).text);
		}
	},
	'openai-chat': {
		family: 'openai-chat',
		label: 'OpenAI-style chat completions',
		embedding: false,
		body: (prompt, maxTokens) => ({
			messages: [{ role: 'user', content: prompt }],
			max_completion_tokens: maxTokens,
			temperature: 0
		}),
		text: (json) =>
			list(obj(json).choices)
				.map((c) => str(obj(obj(c).message).content) || str(obj(obj(c).delta).content))
				.join('')
	},
	'deepseek-r1': {
		family: 'deepseek-r1',
		label: 'DeepSeek-R1 (text completion)',
		embedding: false,
		body: (prompt, maxTokens) => ({ prompt, max_tokens: maxTokens }),
		text: (json) =>
			list(obj(json).choices)
				.map((c) => str(obj(c).text))
				.join('')
	},
	'titan-embed': {
		family: 'titan-embed',
		label: 'Amazon Titan Embeddings',
		embedding: true,
		body: (prompt) => ({ inputText: prompt }),
		text: () => ''
	},
	'cohere-embed': {
		family: 'cohere-embed',
		label: 'Cohere Embed',
		embedding: true,
		body: (prompt) => ({ texts: [prompt], input_type: 'search_document' }),
		text: () => ''
	}
};

/** Every format, for the template picker. */
export const NATIVE_FORMATS: readonly NativeFormat[] = Object.values(FORMATS);

/** The family a model id (or inference profile id) speaks, when known. */
export function nativeFamilyOf(modelId: string): NativeFamily | undefined {
	const id = modelId.replace(/^(us|eu|apac|global|us-gov|jp|au|ca)\./, '');
	if (id.startsWith('amazon.titan-text')) return 'titan-text';
	if (id.startsWith('amazon.titan-embed')) return 'titan-embed';
	if (id.startsWith('amazon.nova-') && !id.startsWith('amazon.nova-canvas')) return 'nova';
	if (id.startsWith('anthropic.')) return 'anthropic-messages';
	if (id.startsWith('meta.llama')) return 'llama';
	if (id.startsWith('mistral.')) return 'mistral';
	if (id.startsWith('deepseek.r1')) return 'deepseek-r1';
	if (id.startsWith('cohere.embed')) return 'cohere-embed';
	if (/^(openai|ai21\.jamba|qwen|writer|deepseek\.v3)/.test(id)) return 'openai-chat';
	return undefined;
}

export function nativeFormat(family: NativeFamily): NativeFormat {
	return FORMATS[family];
}

/** The format of `modelId`, when known. */
export function nativeFormatOf(modelId: string): NativeFormat | undefined {
	const family = nativeFamilyOf(modelId);
	return family ? FORMATS[family] : undefined;
}
