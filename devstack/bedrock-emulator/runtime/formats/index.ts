// Which native-body adapter serves a model, chosen by the catalog's `nativeFormat` field.
import type { CatalogModel } from '../../catalog/catalog';
import type { JsonObject, NativeBodyFormat } from './format';
import { titanText } from './titan-text';
import { anthropicMessages } from './anthropic-messages';
import { anthropicTextFor } from './anthropic-text';
import { llama } from './llama';
import { mistral } from './mistral';
import { nova } from './nova';
import { openaiChat } from './openai-chat';
import { deepseekR1 } from './deepseek-r1';
import { cohereEmbed, titanEmbed } from './embeddings';

export function nativeFormatFor(
	model: CatalogModel,
	body: JsonObject
): NativeBodyFormat | undefined {
	switch (model.nativeFormat) {
		case 'titan-text':
			return titanText;
		case 'anthropic-messages':
			return anthropicMessages;
		case 'anthropic-text':
			return anthropicTextFor(body);
		case 'llama':
			return llama;
		case 'mistral':
			return mistral;
		case 'nova':
			return nova;
		case 'openai-chat':
			return openaiChat;
		case 'deepseek-r1':
			return deepseekR1;
		case 'titan-embed':
			return titanEmbed;
		case 'cohere-embed':
			return cohereEmbed;
		default:
			return undefined;
	}
}
