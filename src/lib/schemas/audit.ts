/**
 * Audit log: what `audit.list` accepts and returns (isomorphic: the users page builds its
 * filters from these, and reads the URL query with `auditFiltersFromQuery`).
 *
 * Entries carry only public facts (masked key id, region, ...): the details are picked field
 * by field from the stored jsonb, so nothing unexpected in a row can reach a client.
 */
import { z } from 'zod';
import { checkStatusSchema, CONNECTION_CHECK_IDS } from './connection';
import { userIdSchema } from './credentials';

export const AUDIT_ACTIONS = [
	'credentials.saved',
	'credentials.deleted',
	'credentials.admin_saved',
	'credentials.admin_deleted',
	'credentials.rotated',
	'connection.tested',
	'budget.set',
	'budget.cleared',
	'budget.default_set'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
	'credentials.saved': 'Saved own credentials',
	'credentials.deleted': 'Deleted own credentials',
	'credentials.admin_saved': 'Admin saved credentials',
	'credentials.admin_deleted': 'Admin deleted credentials',
	'credentials.rotated': 'Encryption key rotated',
	'connection.tested': 'Connection tested',
	'budget.set': 'Budget set',
	'budget.cleared': 'Budget cleared',
	'budget.default_set': 'Default budget set'
};

export const auditActionSchema = z.enum(AUDIT_ACTIONS, {
	error: `action must be one of ${AUDIT_ACTIONS.join(', ')}`
});

export const AUDIT_PAGE_SIZE = 25;
export const AUDIT_MAX_PAGE_SIZE = 100;

/** A calendar day, `YYYY-MM-DD` (UTC), as `<input type="date">` gives it. */
export const auditDaySchema = z.iso.date({ error: 'Use a date like 2026-03-01 (YYYY-MM-DD)' });

export const auditListInput = z
	.object({
		/** Entries on or after this day (UTC). */
		from: auditDaySchema.optional(),
		/** Entries on or before this day (UTC), the whole day included. */
		to: auditDaySchema.optional(),
		/** Only entries about this user (the target of the change). */
		userId: userIdSchema.optional(),
		action: auditActionSchema.optional(),
		/** `nextCursor` of the previous page: entries older than it. */
		cursor: z
			.string({ error: 'cursor must be the nextCursor of a previous page' })
			.regex(/^[1-9][0-9]{0,17}$/, { error: 'cursor must be the nextCursor of a previous page' })
			.optional(),
		limit: z
			.number({ error: 'limit must be a number' })
			.int({ error: 'limit must be a whole number' })
			.min(1, { error: 'limit must be at least 1' })
			.max(AUDIT_MAX_PAGE_SIZE, { error: `limit must be at most ${AUDIT_MAX_PAGE_SIZE}` })
			.default(AUDIT_PAGE_SIZE)
	})
	.refine((input) => !input.from || !input.to || input.from <= input.to, {
		path: ['to'],
		error: 'The end date must be on or after the start date'
	})
	.default({ limit: AUDIT_PAGE_SIZE });
export type AuditListInput = z.input<typeof auditListInput>;

const auditPersonSchema = z.object({ id: z.string(), email: z.string().nullable() });

/** What an update changed (names only; the secret is only ever "replaced"). */
export const AUDIT_CHANGED_FIELDS = [
	'access_key_id',
	'region',
	'credential_type',
	'session_token',
	'secret',
	'role_arn'
] as const;
export type AuditChangedField = (typeof AUDIT_CHANGED_FIELDS)[number];

/** The non-secret facts of the row before an update. */
export const auditBeforeSchema = z.object({
	accessKeyIdMasked: z.string().optional(),
	region: z.string().optional(),
	credentialType: z.string().optional(),
	hasSessionToken: z.boolean().optional()
});
export type AuditBefore = z.infer<typeof auditBeforeSchema>;

/** One connection-test check as the audit log keeps it. */
export const auditCheckSchema = z.object({
	id: z.enum(CONNECTION_CHECK_IDS),
	status: checkStatusSchema,
	awsError: z.string().optional()
});
export type AuditCheck = z.infer<typeof auditCheckSchema>;

/** A budget's values as an entry keeps them (null: not set). */
export const auditBudgetSchema = z.object({
	monthlyUsd: z.number().nullable(),
	requestsPerMinute: z.number().nullable(),
	/** Defaults only. */
	allowUnpricedModels: z.boolean().optional()
});
export type AuditBudget = z.infer<typeof auditBudgetSchema>;

/** The public facts an entry may carry; every field optional (old rows, rotation summaries). */
export const auditDetailsSchema = z.object({
	/** Updates only (entries since the before-values migration). */
	before: auditBeforeSchema.optional(),
	changed: z.array(z.enum(AUDIT_CHANGED_FIELDS)).optional(),
	accessKeyIdMasked: z.string().optional(),
	region: z.string().optional(),
	credentialType: z.string().optional(),
	hasSessionToken: z.boolean().optional(),
	/** Connection tests: the overall result. */
	status: z.enum(['pass', 'fail', 'partial']).optional(),
	/** Connection tests: each check's outcome (no messages: AWS's may quote the key id). */
	checks: z.array(auditCheckSchema).optional(),
	/** Connection tests: whether the (billed) invocation checks were asked for. */
	includeInvocation: z.boolean().optional(),
	/** Rotation summaries: the key rows were re-encrypted under, and how many. */
	keyId: z.string().optional(),
	rotated: z.number().optional(),
	failed: z.number().optional(),
	/** Budget changes: the values after (absent when cleared) and before. */
	budget: auditBudgetSchema.optional(),
	budgetBefore: auditBudgetSchema.optional()
});
export type AuditDetails = z.infer<typeof auditDetailsSchema>;

export const auditEntrySchema = z.object({
	id: z.string(),
	createdAt: z.string(),
	action: auditActionSchema,
	/** Who acted; null for the server itself (e.g. key rotation) or a deleted user. */
	actor: auditPersonSchema.nullable(),
	/** Whose credentials; null for server-wide events or a deleted user. */
	target: auditPersonSchema.nullable(),
	details: auditDetailsSchema
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListOutput = z.object({
	entries: z.array(auditEntrySchema),
	/** Pass as `cursor` for the next (older) page; null when this was the last one. */
	nextCursor: z.string().nullable()
});
export type AuditListOutput = z.infer<typeof auditListOutput>;

/**
 * The page's filters live in the URL (`?user=<id>&action=<action>&from=<day>&to=<day>`) so
 * links can be shared;
 * unknown or malformed values are dropped rather than failing the page.
 */
export type AuditFilters = { userId?: string; action?: AuditAction; from?: string; to?: string };

export function auditFiltersFromQuery(query: URLSearchParams): AuditFilters {
	const userId = userIdSchema.safeParse(query.get('user') ?? undefined);
	const action = auditActionSchema.safeParse(query.get('action') ?? undefined);
	const from = auditDaySchema.safeParse(query.get('from') ?? undefined);
	const to = auditDaySchema.safeParse(query.get('to') ?? undefined);
	// A reversed range would match nothing: keep the start, drop the end.
	const range =
		from.success && to.success && from.data > to.data
			? { from: from.data }
			: {
					...(from.success ? { from: from.data } : {}),
					...(to.success ? { to: to.data } : {})
				};
	return {
		...(userId.success ? { userId: userId.data } : {}),
		...(action.success ? { action: action.data } : {}),
		...range
	};
}
