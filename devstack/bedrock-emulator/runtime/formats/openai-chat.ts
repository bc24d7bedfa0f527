// OpenAI-style chat completions, the native body of gpt-oss, DeepSeek-V3, Qwen3, AI21 Jamba and
// Writer Palmyra on Bedrock: `messages`, `max_completion_tokens`/`max_tokens`, `stop`.
import type { TextFormat, JsonObject, FormatContext } from './format';
import { flattenMessages, optionalInt, optionalNumber, requireKey, stringList } from './format';

const finishReason = (r: string) => (r === 'max_tokens' ? 'length' : 'stop');
const completionId = (ctx: FormatContext) =>
	`chatcmpl-${ctx.requestId.replace(/-/g, '').slice(0, 20)}`;
const created = () => Math.floor(Date.now() / 1000);

export const openaiChat: TextFormat = {
	kind: 'text',
	parse(body) {
		return {
			prompt: flattenMessages(requireKey(body, 'messages')),
			maxTokens: optionalInt(body.max_completion_tokens ?? body.max_tokens, 'max_tokens', 4096),
			stopSequences: stringList(body.stop, 'stop'),
			temperature: optionalNumber(body.temperature, 'temperature'),
			topP: optionalNumber(body.top_p, 'top_p')
		};
	},
	response(gen, ctx) {
		return {
			id: completionId(ctx),
			object: 'chat.completion',
			created: created(),
			model: ctx.model.modelId,
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: gen.text },
					finish_reason: finishReason(gen.stopReason)
				}
			],
			usage: {
				prompt_tokens: gen.inputTokens,
				completion_tokens: gen.outputTokens,
				total_tokens: gen.inputTokens + gen.outputTokens
			}
		};
	},
	streamEvents(gen, ctx) {
		const base = {
			id: completionId(ctx),
			object: 'chat.completion.chunk',
			created: created(),
			model: ctx.model.modelId
		};
		const events: JsonObject[] = gen.pieces.map((content, i) => ({
			...base,
			choices: [
				{
					index: 0,
					delta: i === 0 ? { role: 'assistant', content } : { content },
					finish_reason: null
				}
			]
		}));
		events.push({
			...base,
			choices: [{ index: 0, delta: {}, finish_reason: finishReason(gen.stopReason) }],
			usage: {
				prompt_tokens: gen.inputTokens,
				completion_tokens: gen.outputTokens,
				total_tokens: gen.inputTokens + gen.outputTokens
			}
		});
		return events;
	}
};
