/** What a page learned after saving credentials (e.g. the connection test of the new keys). */
export type SaveOutcome = { tone: 'success' | 'error'; message: string; description?: string };
