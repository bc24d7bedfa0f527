/**
 * The playground's conversation: turns, each answer's figures or error, kept in sessionStorage
 * so a reload (or a crash of the tab's page) does not lose it; "New chat" clears it.
 */
import type { RecordedUsage } from '$lib/schemas/usage';

export interface AnswerFigures {
	inputTokens: number | null;
	outputTokens: number | null;
	cachedTokens: number | null;
	firstTokenMs: number | null;
	durationMs: number;
	tokensPerSecond: number | null;
	costUsd: number | null;
}

export interface TurnError {
	message: string;
	awsError?: string;
	hint?: string;
}

export interface Turn {
	role: 'user' | 'assistant';
	content: string;
	figures?: AnswerFigures;
	error?: TurnError;
	stopped?: boolean;
}

const KEY = 'bedrock-playground:conversation:v1';

export function figuresOf(recorded: RecordedUsage): AnswerFigures {
	const generating =
		recorded.firstTokenMs !== null
			? recorded.durationMs - recorded.firstTokenMs
			: recorded.durationMs;
	const cached =
		recorded.cacheReadTokens === null && recorded.cacheWriteTokens === null
			? null
			: (recorded.cacheReadTokens ?? 0) + (recorded.cacheWriteTokens ?? 0);
	return {
		inputTokens: recorded.inputTokens,
		outputTokens: recorded.outputTokens,
		cachedTokens: cached,
		firstTokenMs: recorded.firstTokenMs,
		durationMs: recorded.durationMs,
		tokensPerSecond:
			recorded.outputTokens !== null && generating > 0
				? Math.round((recorded.outputTokens / generating) * 10_000) / 10
				: null,
		costUsd: recorded.costUsd
	};
}

export class Conversation {
	turns = $state<Turn[]>([]);

	constructor() {
		if (typeof sessionStorage === 'undefined') return;
		try {
			const saved = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as Turn[];
			if (Array.isArray(saved)) this.turns = saved;
		} catch {
			sessionStorage.removeItem(KEY);
		}
	}

	save(): void {
		sessionStorage.setItem(KEY, JSON.stringify(this.turns));
	}

	clear(): void {
		this.turns = [];
		sessionStorage.removeItem(KEY);
	}

	/** What to send: answered pairs only (a failed question and its error stay on screen only). */
	history(): { role: 'user' | 'assistant'; content: string }[] {
		const sent: { role: 'user' | 'assistant'; content: string }[] = [];
		for (let i = 0; i + 1 < this.turns.length; i++) {
			const q = this.turns[i]!;
			const a = this.turns[i + 1]!;
			if (q.role === 'user' && a.role === 'assistant' && !a.error && a.content) {
				sent.push({ role: 'user', content: q.content }, { role: 'assistant', content: a.content });
				i++;
			}
		}
		return sent;
	}
}
