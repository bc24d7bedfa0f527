/**
 * The drain registry: work that must finish before the process exits on SIGTERM (today: closing
 * the database pool; later the usage ledger's write queue and budget reservations register
 * here). Tasks run in registration order, each bounded so one stuck task cannot hold the exit.
 */
export interface DrainTask {
	name: string;
	run: () => Promise<void>;
}

const tasks: DrainTask[] = [];

/** Adds a task; registering the same name again replaces it (modules may be reloaded). */
export function registerDrainTask(name: string, run: () => Promise<void>): void {
	const existing = tasks.findIndex((task) => task.name === name);
	if (existing >= 0) tasks.splice(existing, 1, { name, run });
	else tasks.push({ name, run });
}

export function drainTaskNames(): string[] {
	return tasks.map((task) => task.name);
}

export interface DrainOutcome {
	name: string;
	ok: boolean;
	ms: number;
}

/** Runs every task, each with at most `perTaskMs`; never throws. */
export async function runDrainTasks(perTaskMs: number): Promise<DrainOutcome[]> {
	const outcomes: DrainOutcome[] = [];
	for (const task of tasks) {
		const started = performance.now();
		let ok = false;
		try {
			ok = await Promise.race([
				task.run().then(() => true),
				new Promise<boolean>((resolve) => setTimeout(() => resolve(false), perTaskMs).unref())
			]);
		} catch {
			ok = false;
		}
		outcomes.push({ name: task.name, ok, ms: Math.round(performance.now() - started) });
	}
	return outcomes;
}
