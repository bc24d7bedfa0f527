/**
 * The connection test's native InvokeModel probe: the cheap text models it may use, and their
 * bodies (from the shared formats). Kept tiny on purpose: the test asks for a handful of
 * tokens, because every invocation costs money.
 */
import { nativeFormatOf, type NativeFormat } from '../../schemas/native-formats';

/** The connection test's probe formats: text models only (an embedding has no reply). */
export function nativeFormatFor(modelId: string): Pick<NativeFormat, 'body' | 'text'> | undefined {
	const format = nativeFormatOf(modelId);
	return format && !format.embedding ? format : undefined;
}

/** Cheapest first (on-demand text models, by published input price). */
export const CHEAP_TEXT_MODELS = [
	'amazon.titan-text-lite-v1',
	'mistral.mistral-7b-instruct-v0:2',
	'amazon.titan-text-express-v1',
	'anthropic.claude-3-haiku-20240307-v1:0',
	'meta.llama3-8b-instruct-v1:0'
] as const;
