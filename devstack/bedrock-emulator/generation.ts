// Deterministic stand-in for a model: the same request always yields the same text, seeded from a
// hash of model id + conversation + sampling parameters. Max tokens and stop sequences only cut
// that text (they are left out of the seed), so a shorter answer is a prefix of the longer one.
// One token = one whitespace-separated word, so counts are exact and agree everywhere.
import { createHash } from 'node:crypto';
import type { CachePrefix } from './runtime/prompt-cache';

export interface GenerationRequest {
	modelId: string;
	/** The conversation flattened to text (role-tagged turns, or the raw native prompt). */
	prompt: string;
	system?: string;
	maxTokens: number;
	stopSequences: string[];
	temperature?: number;
	topP?: number;
	/** The prefix before the request's cache checkpoint (prompt caching; not part of the seed). */
	cachePrefix?: CachePrefix;
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence';

export interface Generation {
	text: string;
	/** The text split into stream pieces; concatenated they give `text` exactly. */
	pieces: string[];
	/** Output tokens in each piece (sums to outputTokens). */
	pieceTokens: number[];
	/** Input tokens after the cache checkpoint (all of them without caching). */
	inputTokens: number;
	cacheReadInputTokens: number;
	cacheWriteInputTokens: number;
	outputTokens: number;
	stopReason: StopReason;
	stopSequence: string | null;
}

const VOCABULARY = (
	'the local emulator answers every request with text that is stable across runs so tests can ' +
	'compare results exactly while the application code stays the same code that talks to real ' +
	'bedrock models in production regions and accounts streaming tokens arrive in order with usage ' +
	'metrics latency counts and stop reasons that match what clients expect from aws services today ' +
	'deterministic output helps caching budgets audits benchmarks and demos without any cloud bill'
).split(' ');

const TOKENS_PER_PIECE = 4;

/** Counts tokens the way the emulator generates them: whitespace-separated words, at least one. */
export function countTokens(text: string): number {
	const words = text.trim().split(/\s+/).filter(Boolean).length;
	return Math.max(1, words);
}

/** Input tokens: a stable estimate (about four characters per token, like most BPE vocabularies). */
export function countInputTokens(prompt: string, system = ''): number {
	return Math.max(1, Math.ceil((prompt.length + system.length) / 4));
}

function seededRandom(seed: Buffer): () => number {
	let a = seed.readUInt32LE(0) ^ seed.readUInt32LE(4);
	// mulberry32: tiny, fast, good enough for choosing words.
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function fullText(req: GenerationRequest): string {
	const seed = createHash('sha256')
		.update(
			JSON.stringify([
				req.modelId,
				req.system ?? '',
				req.prompt,
				req.temperature ?? null,
				req.topP ?? null
			])
		)
		.digest();
	const rand = seededRandom(seed);
	const total = 24 + Math.floor(rand() * 40);
	const words: string[] = [];
	let sentenceLeft = 0;
	for (let i = 0; i < total; i++) {
		if (sentenceLeft === 0) sentenceLeft = 5 + Math.floor(rand() * 8);
		let word = VOCABULARY[Math.floor(rand() * VOCABULARY.length)]!;
		if (words.length === 0 || words[words.length - 1]!.endsWith('.'))
			word = word[0]!.toUpperCase() + word.slice(1);
		sentenceLeft--;
		if (sentenceLeft === 0 || i === total - 1) word += '.';
		words.push(word);
	}
	return words.join(' ');
}

function splitPieces(text: string): { pieces: string[]; pieceTokens: number[] } {
	const words = text.split(' ').filter(Boolean);
	const pieces: string[] = [];
	const pieceTokens: number[] = [];
	for (let i = 0; i < words.length; i += TOKENS_PER_PIECE) {
		const group = words.slice(i, i + TOKENS_PER_PIECE);
		pieces.push((i === 0 ? '' : ' ') + group.join(' '));
		pieceTokens.push(group.length);
	}
	// Text that is all whitespace (a stop sequence at the very start) still yields one empty piece.
	if (pieces.length === 0) {
		pieces.push('');
		pieceTokens.push(0);
	}
	return { pieces, pieceTokens };
}

export function generate(req: GenerationRequest): Generation {
	let text = fullText(req);
	let stopReason: StopReason = 'end_turn';
	let stopSequence: string | null = null;

	let cut = -1;
	for (const s of req.stopSequences) {
		if (!s) continue;
		const at = text.indexOf(s);
		if (at >= 0 && (cut < 0 || at < cut)) {
			cut = at;
			stopSequence = s;
		}
	}
	if (cut >= 0) {
		text = text.slice(0, cut).trimEnd();
		stopReason = 'stop_sequence';
	}
	const words = text.split(' ').filter(Boolean);
	if (words.length > req.maxTokens) {
		text = words.slice(0, Math.max(0, req.maxTokens)).join(' ');
		stopReason = 'max_tokens';
		stopSequence = null;
	}
	const { pieces, pieceTokens } = splitPieces(text);
	const outputTokens = pieceTokens.reduce((a, b) => a + b, 0);
	return {
		text,
		pieces,
		pieceTokens,
		inputTokens: countInputTokens(req.prompt, req.system),
		cacheReadInputTokens: 0,
		cacheWriteInputTokens: 0,
		outputTokens,
		stopReason,
		stopSequence
	};
}
