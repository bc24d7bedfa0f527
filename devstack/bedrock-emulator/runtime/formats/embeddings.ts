// Embedding models (Titan Embeddings, Cohere Embed): deterministic vectors of the real sizes.
import type { EmbedFormat } from './format';
import { expectString, pseudoVector, requireKey, stringList } from './format';
import { malformedInput } from '../../errors';
import { countInputTokens } from '../../generation';

export const titanEmbed: EmbedFormat = {
	kind: 'embed',
	embed(body, ctx) {
		const text = expectString(requireKey(body, 'inputText'), 'inputText');
		const isV2 = ctx.model.modelId.startsWith('amazon.titan-embed-text-v2');
		const dimensions = isV2
			? Number(body.dimensions ?? 1024)
			: ctx.model.modelId.includes('image')
				? 1024
				: 1536;
		if (isV2 && ![256, 512, 1024].includes(dimensions))
			throw malformedInput('#/dimensions: 3 subschemas matched instead of one');
		const inputTokens = countInputTokens(text);
		const embedding = pseudoVector(
			`${ctx.model.modelId}\u0000${text}`,
			dimensions,
			body.normalize !== false
		);
		return {
			response: {
				embedding,
				inputTextTokenCount: inputTokens,
				...(isV2 ? { embeddingsByType: { float: embedding } } : {})
			},
			inputTokens
		};
	}
};

export const cohereEmbed: EmbedFormat = {
	kind: 'embed',
	embed(body, ctx) {
		const texts = stringList(requireKey(body, 'texts'), 'texts');
		expectString(requireKey(body, 'input_type'), 'input_type');
		const embeddings = texts.map((t) => pseudoVector(`${ctx.model.modelId}\u0000${t}`, 1024));
		const inputTokens = texts.reduce((n, t) => n + countInputTokens(t), 0);
		return {
			response: { id: ctx.requestId, texts, embeddings, response_type: 'embeddings_floats' },
			inputTokens
		};
	}
};
