/** Whose budget the edit dialog changes: one user's own values, or the default for the rest. */
export type BudgetTarget =
	| {
			kind: 'user';
			userId: string;
			name: string;
			monthlyUsd: number | null;
			requestsPerMinute: number | null;
	  }
	| {
			kind: 'default';
			monthlyUsd: number | null;
			requestsPerMinute: number | null;
			allowUnpricedModels: boolean;
	  };
