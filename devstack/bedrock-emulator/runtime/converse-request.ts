// Reads a Converse/ConverseStream request body into a generation request, with the validation
// messages Bedrock gives for the common mistakes.
import type { CatalogModel } from '../catalog/catalog';
import type { OperationRequest } from '../context';
import * as errors from '../errors';
import type { GenerationRequest } from '../generation';
import type { JsonObject } from './formats/format';
import { nativeFormatFor } from './formats';
import { parseJsonBody } from './prepare';
import { cacheTtlMs, type CachePrefix } from './prompt-cache';

const DEFAULT_MAX_TOKENS = 4096;

function blockText(block: unknown, model: CatalogModel): string {
	const b = (block ?? {}) as JsonObject;
	if (typeof b.text === 'string') return b.text;
	if (b.image !== undefined && !model.inputModalities.includes('IMAGE')) {
		throw errors.validation(
			"This model doesn't support the image field for user messages. Remove image and try again."
		);
	}
	if (b.toolResult !== undefined) return JSON.stringify(b.toolResult);
	return '';
}

/** The last `cachePoint` block's prefix: the text of everything before it. */
function cachePrefixOf(system: JsonObject[], messages: JsonObject[], model: CatalogModel) {
	let prefix: CachePrefix | undefined;
	const mark = (marker: unknown, text: string) => {
		const ttlMs = cacheTtlMs(marker);
		if (ttlMs === undefined)
			throw errors.validation(
				"1 validation error detected: Value at 'cachePoint.ttl' failed to satisfy constraint: Member must satisfy enum value set: [5m, 1h]"
			);
		prefix = { text, ttlMs };
	};
	const systemTexts: string[] = [];
	for (const block of system) {
		if (block?.cachePoint) mark(block.cachePoint, systemTexts.join('\n'));
		else if (typeof block?.text === 'string') systemTexts.push(block.text);
	}
	const before = systemTexts.join('\n');
	const turns: string[] = [];
	for (const m of messages) {
		const texts: string[] = [];
		for (const block of Array.isArray(m.content) ? (m.content as JsonObject[]) : []) {
			if (block?.cachePoint)
				mark(
					block.cachePoint,
					[before, ...turns, `${String(m.role)}: ${texts.join('\n')}`].join('\n')
				);
			else texts.push(blockText(block, model));
		}
		turns.push(`${String(m.role)}: ${texts.filter(Boolean).join('\n')}`);
	}
	return prefix;
}

export interface ConverseInput {
	generation: GenerationRequest;
	additionalFieldPaths: string[];
}

export function readConverseRequest(op: OperationRequest, model: CatalogModel): ConverseInput {
	const body = parseJsonBody(op);
	const format = nativeFormatFor(model, body);
	if (!format || format.kind !== 'text' || !model.outputModalities.includes('TEXT'))
		throw errors.operationUnsupportedForModel();

	const messages = body.messages;
	if (!Array.isArray(messages)) {
		throw errors.validation(
			"1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null"
		);
	}
	if (messages.length === 0 || (messages[0] as JsonObject)?.role !== 'user') {
		throw errors.validation(
			'A conversation must start with a user message. Try again with a conversation that starts with a user message.'
		);
	}
	const turns: string[] = [];
	let previousRole = '';
	for (const m of messages as JsonObject[]) {
		if (m.role === previousRole) {
			throw errors.validation(
				'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.'
			);
		}
		previousRole = String(m.role);
		const content = Array.isArray(m.content) ? m.content : [];
		turns.push(
			`${previousRole}: ${content
				.map((b) => blockText(b, model))
				.filter(Boolean)
				.join('\n')}`
		);
	}
	const system = Array.isArray(body.system)
		? (body.system as JsonObject[])
				.map((s) => (typeof s?.text === 'string' ? s.text : ''))
				.filter(Boolean)
				.join('\n')
		: undefined;

	const cfg = (body.inferenceConfig ?? {}) as JsonObject;
	const maxTokens = cfg.maxTokens === undefined ? DEFAULT_MAX_TOKENS : Number(cfg.maxTokens);
	if (!Number.isInteger(maxTokens) || maxTokens < 1) {
		throw errors.validation(
			`1 validation error detected: Value '${String(cfg.maxTokens)}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`
		);
	}
	const stopSequences = Array.isArray(cfg.stopSequences)
		? (cfg.stopSequences as unknown[]).map(String)
		: [];
	const cachePrefix = cachePrefixOf(
		Array.isArray(body.system) ? (body.system as JsonObject[]) : [],
		messages as JsonObject[],
		model
	);
	return {
		generation: {
			...(cachePrefix ? { cachePrefix } : {}),
			modelId: model.modelId,
			prompt: turns.join('\n'),
			system: system || undefined,
			maxTokens,
			stopSequences,
			temperature: typeof cfg.temperature === 'number' ? cfg.temperature : undefined,
			topP: typeof cfg.topP === 'number' ? cfg.topP : undefined
		},
		additionalFieldPaths: Array.isArray(body.additionalModelResponseFieldPaths)
			? body.additionalModelResponseFieldPaths.map(String)
			: []
	};
}

/** Answers `additionalModelResponseFieldPaths` for the one field the emulator knows. */
export function additionalFields(
	paths: string[],
	stopSequence: string | null
): JsonObject | undefined {
	if (!paths.some((p) => p.endsWith('/stop_sequence'))) return undefined;
	return { stop_sequence: stopSequence };
}
