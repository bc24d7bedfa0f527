/**
 * The AWS `Converse` request a ConverseInput becomes. One function for the server (which
 * sends it) and the playground's "Copy as code" (which shows it), so the AWS SDK snippet a
 * user copies is exactly what this app sends on their behalf.
 */
import type { Message, SystemContentBlock } from '@aws-sdk/client-bedrock-runtime';
import type { ConverseInput } from './invoke';

export function converseRequest(input: ConverseInput) {
	const messages: Message[] = input.messages.map((m) => ({
		role: m.role,
		content: [{ text: m.content }]
	}));
	const system: SystemContentBlock[] | undefined = input.system
		? [
				{ text: input.system },
				...(input.systemCachePoint
					? [{ cachePoint: { type: 'default' as const, ttl: input.systemCachePoint } }]
					: [])
			]
		: undefined;
	return {
		modelId: input.modelId,
		messages,
		...(system ? { system } : {}),
		...(input.inferenceConfig ? { inferenceConfig: input.inferenceConfig } : {})
	};
}
