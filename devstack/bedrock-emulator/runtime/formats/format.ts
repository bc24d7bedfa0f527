// The contract every native-body adapter implements, and the validation helpers they share.
// Validation messages follow Bedrock's JSON-schema style ("#: required key [x] not found").
import type { CatalogModel } from '../../catalog/catalog';
import { malformedInput } from '../../errors';
import type { Generation, GenerationRequest } from '../../generation';

export type JsonObject = Record<string, unknown>;
export type ParsedPrompt = Omit<GenerationRequest, 'modelId'>;

export interface FormatContext {
	model: CatalogModel;
	requestId: string;
}

/** A text model's native InvokeModel body. */
export interface TextFormat {
	kind: 'text';
	parse(body: JsonObject, ctx: FormatContext): ParsedPrompt;
	response(gen: Generation, ctx: FormatContext): JsonObject;
	/** Native stream events in order; the caller adds invocation metrics to the last one. */
	streamEvents(gen: Generation, ctx: FormatContext): JsonObject[];
}

/** An embedding model's native body (no streaming). */
export interface EmbedFormat {
	kind: 'embed';
	embed(body: JsonObject, ctx: FormatContext): { response: JsonObject; inputTokens: number };
}

export type NativeBodyFormat = TextFormat | EmbedFormat;

export function requireKey(body: JsonObject, key: string): unknown {
	if (body[key] === undefined || body[key] === null)
		throw malformedInput(`#: required key [${key}] not found`);
	return body[key];
}

export function expectString(value: unknown, path: string): string {
	if (typeof value !== 'string')
		throw malformedInput(`#/${path}: expected type: String, found: ${typeName(value)}`);
	return value;
}

export function optionalInt(value: unknown, path: string, fallback: number): number {
	if (value === undefined || value === null) return fallback;
	if (typeof value !== 'number' || !Number.isInteger(value))
		throw malformedInput(`#/${path}: expected type: Integer, found: ${typeName(value)}`);
	if (value < 1) throw malformedInput(`#/${path}: ${value} is not greater or equal to 1`);
	return value;
}

export function optionalNumber(value: unknown, path: string): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number')
		throw malformedInput(`#/${path}: expected type: Number, found: ${typeName(value)}`);
	return value;
}

export function stringList(value: unknown, path: string): string[] {
	if (value === undefined || value === null) return [];
	if (typeof value === 'string') return [value];
	if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
		throw malformedInput(`#/${path}: expected type: JSONArray, found: ${typeName(value)}`);
	}
	return value as string[];
}

function typeName(value: unknown): string {
	if (value === null) return 'Null';
	if (Array.isArray(value)) return 'JSONArray';
	switch (typeof value) {
		case 'string':
			return 'String';
		case 'number':
			return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
		case 'boolean':
			return 'Boolean';
		case 'object':
			return 'JSONObject';
		default:
			return typeof value;
	}
}

/** Text of a chat message whose content is a string or a list of `{type:'text',text}` / `{text}` blocks. */
export function messageText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((b) =>
			b && typeof b === 'object' && typeof (b as JsonObject).text === 'string'
				? ((b as JsonObject).text as string)
				: ''
		)
		.filter(Boolean)
		.join('\n');
}

/** Flattens chat messages into the text the generator seeds from and input tokens are counted on. */
export function flattenMessages(messages: unknown, path = 'messages'): string {
	if (!Array.isArray(messages) || messages.length === 0)
		throw malformedInput(`#/${path}: expected minimum item count: 1`);
	return messages
		.map((m, i) => {
			if (!m || typeof m !== 'object')
				throw malformedInput(`#/${path}/${i}: expected type: JSONObject`);
			const msg = m as JsonObject;
			return `${String(msg.role ?? 'user')}: ${messageText(msg.content)}`;
		})
		.join('\n');
}

/** Deterministic pseudo-random floats in [-1, 1) for embeddings, from a text. */
export function pseudoVector(seedText: string, dimensions: number, normalize = true): number[] {
	let h = 2166136261;
	for (let i = 0; i < seedText.length; i++) h = Math.imul(h ^ seedText.charCodeAt(i), 16777619);
	const v: number[] = [];
	for (let i = 0; i < dimensions; i++) {
		h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) ^ i;
		v.push(((h >>> 0) / 4294967296) * 2 - 1);
	}
	if (!normalize) return v;
	const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
	return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}
