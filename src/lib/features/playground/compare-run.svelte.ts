/**
 * One Compare run: the same question streamed to up to three models at once, each column
 * with its own text, figures or error. Stopping closes every stream, which aborts each AWS
 * call on the server.
 */
import type { ConverseInput, ConverseStreamEvent } from '$lib/schemas/invoke';
import { browserTrpc } from '$lib/trpc/browser';
import { formErrorsFrom } from '$lib/trpc/form-errors';
import { figuresOf, type AnswerFigures, type TurnError } from './conversation.svelte';

export interface CompareColumn {
	modelId: string;
	label: string;
	text: string;
	running: boolean;
	stopped: boolean;
	figures?: AnswerFigures;
	error?: TurnError;
	/** Why the stream ended early, from its last `interrupted` event. */
	interrupted?: string;
}

export class CompareRun {
	columns = $state<CompareColumn[]>([]);
	private stops: Array<() => void> = [];

	/** `onAllDone`: when the last column of a run has ended, however it ended. */
	constructor(private readonly onAllDone: () => void = () => {}) {}

	get running(): boolean {
		return this.columns.some((c) => c.running);
	}

	start(inputs: Array<{ label: string; input: ConverseInput }>): void {
		this.stop();
		this.columns = inputs.map(({ label, input }) => ({
			modelId: input.modelId,
			label,
			text: '',
			running: true,
			stopped: false
		}));
		this.stops = inputs.map(({ input }, i) => {
			// Through the $state proxy, so each update re-renders its column.
			const column = () => this.columns[i]!;
			const done = () => {
				if (!column().running) return;
				column().running = false;
				if (!this.running) this.onAllDone();
			};
			const sub = browserTrpc().invoke.converseStream.subscribe(input, {
				onData(event: ConverseStreamEvent) {
					if (event.type === 'delta') column().text += event.text;
					if (event.type === 'metadata') column().figures = figuresOf(event.recorded);
					if (event.type === 'interrupted') column().interrupted = event.message;
				},
				onError(err) {
					const e = formErrorsFrom(err);
					column().error = { message: e.message, awsError: e.awsError, hint: e.hint };
					done();
				},
				onComplete: done
			});
			return () => {
				if (!column().running) return;
				sub.unsubscribe();
				column().stopped = true;
				done();
			};
		});
	}

	stop(): void {
		for (const stop of this.stops) stop();
		this.stops = [];
	}
}
