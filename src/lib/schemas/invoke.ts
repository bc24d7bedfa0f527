/**
 * Playground invocations: Converse (plain and streamed) and native InvokeModel (isomorphic).
 */
import { z } from 'zod';
import { modelIdSchema } from './models';
import { recordedUsageSchema } from './usage';

export const messageSchema = z.object({
	role: z.enum(['user', 'assistant'], { error: 'role must be "user" or "assistant"' }),
	content: z
		.string({ error: 'content must be text' })
		.min(1, { error: 'A message needs some text' })
		.max(200_000, { error: 'A message is at most 200,000 characters' })
});

export const inferenceConfigSchema = z.object({
	maxTokens: z
		.number({ error: 'maxTokens must be a number' })
		.int({ error: 'maxTokens must be a whole number' })
		.min(1, { error: 'maxTokens must be at least 1' })
		.max(200_000, { error: 'maxTokens is at most 200,000' })
		.optional(),
	temperature: z
		.number({ error: 'temperature must be a number' })
		.min(0, { error: 'temperature is between 0 and 1' })
		.max(1, { error: 'temperature is between 0 and 1' })
		.optional(),
	topP: z
		.number({ error: 'topP must be a number' })
		.min(0, { error: 'topP is between 0 and 1' })
		.max(1, { error: 'topP is between 0 and 1' })
		.optional(),
	stopSequences: z
		.array(z.string().min(1).max(1000), { error: 'stopSequences must be a list of strings' })
		.max(4, { error: 'At most 4 stop sequences' })
		.optional()
});

export const converseInput = z
	.object({
		modelId: modelIdSchema,
		system: z
			.string({ error: 'system must be text' })
			.max(100_000, { error: 'system is at most 100,000 characters' })
			.optional(),
		/** A prompt-cache point after the system prompt, kept for this long (Bedrock: 5m or 1h). */
		systemCachePoint: z
			.enum(['5m', '1h'], { error: 'systemCachePoint must be "5m" or "1h"' })
			.optional(),
		messages: z
			.array(messageSchema, { error: 'messages must be a list of { role, content }' })
			.min(1, { error: 'Send at least one message' })
			.max(200, { error: 'At most 200 messages' }),
		inferenceConfig: inferenceConfigSchema.optional()
	})
	.superRefine((value, ctx) => {
		// Converse requires a user turn first and strictly alternating roles; say so before AWS does.
		value.messages.forEach((m, i) => {
			const expected = i % 2 === 0 ? 'user' : 'assistant';
			if (m.role !== expected) {
				ctx.addIssue({
					code: 'custom',
					path: ['messages', i, 'role'],
					message: `Messages alternate user/assistant starting with user; message ${i + 1} should be "${expected}"`
				});
			}
		});
	});
export type ConverseInput = z.infer<typeof converseInput>;

export const tokenUsageSchema = z.object({
	inputTokens: z.number(),
	outputTokens: z.number(),
	totalTokens: z.number(),
	cacheReadInputTokens: z.number().optional(),
	cacheWriteInputTokens: z.number().optional()
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

export const converseOutput = z.object({
	modelId: z.string(),
	text: z.string(),
	stopReason: z.string(),
	usage: tokenUsageSchema,
	/** Bedrock's own latency figure (metrics.latencyMs). */
	latencyMs: z.number(),
	/** Wall-clock time of the call as seen by this server. */
	durationMs: z.number(),
	/** What the usage ledger recorded for this call (cost null = unknown). */
	recorded: recordedUsageSchema
});
export type ConverseOutput = z.infer<typeof converseOutput>;

export const converseStreamEventSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('delta'), text: z.string() }),
	z.object({ type: z.literal('stop'), stopReason: z.string() }),
	z.object({
		type: z.literal('metadata'),
		usage: tokenUsageSchema,
		latencyMs: z.number(),
		firstTokenMs: z.number().nullable(),
		durationMs: z.number(),
		recorded: recordedUsageSchema
	}),
	// The last event of a stream that could not finish: what came before it is all there is.
	// `server_restarting`: this instance is shutting down (send the request again: another
	// instance answers); `stream_broken`: AWS broke the stream midway (`awsError`, `hint`);
	// `idle_timeout` / `call_timeout`: a deadline expired while the model was generating.
	z.object({
		type: z.literal('interrupted'),
		reason: z.enum(['server_restarting', 'stream_broken', 'idle_timeout', 'call_timeout']),
		message: z.string(),
		retryable: z.boolean(),
		awsError: z.string().optional(),
		hint: z.string().optional()
	})
]);
export type ConverseStreamEvent = z.infer<typeof converseStreamEventSchema>;

export const invokeModelInput = z.object({
	modelId: modelIdSchema,
	body: z.record(z.string(), z.unknown(), {
		error: 'body must be a JSON object in the model provider’s native format'
	})
});
export type InvokeModelInput = z.infer<typeof invokeModelInput>;

export const invokeModelOutput = z.object({
	modelId: z.string(),
	contentType: z.string(),
	body: z.unknown(),
	durationMs: z.number(),
	recorded: recordedUsageSchema
});
export type InvokeModelOutput = z.infer<typeof invokeModelOutput>;
