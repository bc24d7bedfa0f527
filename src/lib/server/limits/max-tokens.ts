/**
 * The maxTokens cap: a caller may ask for at most the model's own output limit where it is
 * known, and at most LIMIT_MAX_TOKENS otherwise. Over the cap is a BAD_REQUEST with a field
 * error naming the cap (the request is refused, not silently shortened, so nobody is billed
 * for an answer they did not ask for). An absent maxTokens is left to the model's default.
 *
 * invoke.invokeModel takes a provider's native body, so the same cap applies to the fields
 * those formats use for it.
 */
// ZodRealError, not ZodError: only the former is an `Error`, which tRPC keeps as the cause (the
// formatter then sends its field errors); `z.parse` throws the same class.
import { ZodRealError, type ZodError } from 'zod';
import type { ConverseInput, InvokeModelInput } from '../../schemas/invoke';
import { limitsFromEnv } from './config';
import { knownOutputTokenLimit } from './model-output-limits';

export function maxTokensCap(modelId: string, fallback = limitsFromEnv().maxTokens): number {
	return knownOutputTokenLimit(modelId) ?? fallback;
}

/** Native-body paths that set the output length, per provider format. */
const NATIVE_MAX_TOKEN_PATHS: readonly (readonly string[])[] = [
	['max_tokens'],
	['max_tokens_to_sample'],
	['max_gen_len'],
	['max_completion_tokens'],
	['maxTokens'],
	['textGenerationConfig', 'maxTokenCount'],
	['inferenceConfig', 'max_new_tokens'],
	['inferenceConfig', 'maxTokens']
];

function tooMany(
	path: (string | number)[],
	cap: number,
	modelId: string,
	known: boolean
): ZodError {
	const why = known
		? `the output limit of ${modelId}`
		: 'this server’s limit for models it has no output limit for';
	return new ZodRealError([
		{
			code: 'too_big',
			origin: 'number',
			maximum: cap,
			inclusive: true,
			path,
			message: `At most ${cap.toLocaleString('en-US')} tokens (${why})`,
			input: undefined
		}
	]);
}

/** Throws a field error when `inferenceConfig.maxTokens` is over the cap. */
export function assertConverseWithinCap(input: ConverseInput): void {
	const requested = input.inferenceConfig?.maxTokens;
	if (requested === undefined) return;
	const cap = maxTokensCap(input.modelId);
	if (requested > cap)
		throw tooMany(
			['inferenceConfig', 'maxTokens'],
			cap,
			input.modelId,
			knownOutputTokenLimit(input.modelId) !== undefined
		);
}

/** Each output-length field a native body sets, with its path. */
function nativeMaxTokenFields(body: unknown): { path: readonly string[]; value: number }[] {
	const found: { path: readonly string[]; value: number }[] = [];
	for (const path of NATIVE_MAX_TOKEN_PATHS) {
		let value: unknown = body;
		for (const key of path)
			value =
				typeof value === 'object' && value !== null
					? (value as Record<string, unknown>)[key]
					: undefined;
		if (typeof value === 'number') found.push({ path, value });
	}
	return found;
}

/** The largest output length a native body asks for; undefined when it sets none. */
export function nativeMaxTokensRequested(body: unknown): number | undefined {
	const values = nativeMaxTokenFields(body).map((field) => field.value);
	return values.length > 0 ? Math.max(...values) : undefined;
}

/** Throws a field error when a native body asks for more output tokens than the cap. */
export function assertNativeBodyWithinCap(input: InvokeModelInput): void {
	const cap = maxTokensCap(input.modelId);
	for (const { path, value } of nativeMaxTokenFields(input.body)) {
		if (value > cap)
			throw tooMany(
				['body', ...path],
				cap,
				input.modelId,
				knownOutputTokenLimit(input.modelId) !== undefined
			);
	}
}
