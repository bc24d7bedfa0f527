// Amazon Titan Text (express / lite / premier): `inputText` + `textGenerationConfig`.
import type { TextFormat, JsonObject } from './format';
import { expectString, optionalInt, optionalNumber, requireKey, stringList } from './format';

const completionReason = {
	end_turn: 'FINISH',
	max_tokens: 'LENGTH',
	stop_sequence: 'STOP_CRITERIA_MET'
} as const;

export const titanText: TextFormat = {
	kind: 'text',
	parse(body) {
		const prompt = expectString(requireKey(body, 'inputText'), 'inputText');
		const cfg = (body.textGenerationConfig ?? {}) as JsonObject;
		return {
			prompt,
			maxTokens: optionalInt(cfg.maxTokenCount, 'textGenerationConfig/maxTokenCount', 512),
			stopSequences: stringList(cfg.stopSequences, 'textGenerationConfig/stopSequences'),
			temperature: optionalNumber(cfg.temperature, 'textGenerationConfig/temperature'),
			topP: optionalNumber(cfg.topP, 'textGenerationConfig/topP')
		};
	},
	response(gen) {
		return {
			inputTextTokenCount: gen.inputTokens,
			results: [
				{
					tokenCount: gen.outputTokens,
					outputText: gen.text,
					completionReason: completionReason[gen.stopReason]
				}
			]
		};
	},
	streamEvents(gen) {
		const events: JsonObject[] = gen.pieces.map((text, i) => ({
			outputText: text,
			index: 0,
			totalOutputTextTokenCount: null,
			completionReason: null,
			inputTextTokenCount: i === 0 ? gen.inputTokens : null
		}));
		events.push({
			outputText: '',
			index: 0,
			totalOutputTextTokenCount: gen.outputTokens,
			completionReason: completionReason[gen.stopReason],
			inputTextTokenCount: null
		});
		return events;
	}
};
