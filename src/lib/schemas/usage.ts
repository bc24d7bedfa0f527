/**
 * The usage ledger: what `usage.list` accepts and returns, and the usage each invoke procedure
 * reports for the call it just made (isomorphic: the playground shows these figures).
 *
 * A count or a cost that is not known is `null`, never 0: an abandoned stream never sees
 * Bedrock's usage event, and a model without a known price has no cost ("unknown").
 */
import { z } from 'zod';
import { userIdSchema } from './credentials';

export const USAGE_OPERATIONS = [
	'converse',
	'converse_stream',
	'invoke_model',
	'invoke_model_stream',
	'connection_test'
] as const;
export type UsageOperation = (typeof USAGE_OPERATIONS)[number];

export const USAGE_STATUSES = ['ok', 'error', 'aborted'] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];

/** What one call used and cost, as recorded in the ledger. */
export const recordedUsageSchema = z.object({
	/** Bedrock's inputTokens: excludes cache reads and writes. */
	inputTokens: z.number().int().nullable(),
	outputTokens: z.number().int().nullable(),
	cacheReadTokens: z.number().int().nullable(),
	cacheWriteTokens: z.number().int().nullable(),
	/** USD; null when the model has no known price or a count is unknown. */
	costUsd: z.number().nullable(),
	/** Which price data priced it (e.g. `genai-prices@0.1.8`). */
	priceVersion: z.string(),
	/** AWS's own latency figure, when AWS reported one. */
	awsLatencyMs: z.number().int().nullable(),
	/** Wall-clock time of the call as seen by this server. */
	durationMs: z.number().int(),
	firstTokenMs: z.number().int().nullable()
});
export type RecordedUsage = z.infer<typeof recordedUsageSchema>;

export const USAGE_PAGE_SIZE = 50;

const isoDate = (field: string) =>
	z.iso.datetime({ offset: true, error: `${field} must be an ISO date-time` });

/** The filters usage.list, usage.summary and usage.export share. */
const usageFilterFields = {
	/** Admins: another user's rows. */
	userId: userIdSchema.optional(),
	/** Admins: every user's rows. */
	all: z.boolean({ error: 'all must be true or false' }).optional(),
	from: isoDate('from').optional(),
	to: isoDate('to').optional(),
	model: z.string().trim().min(1).max(2048).optional(),
	operation: z
		.enum(USAGE_OPERATIONS, {
			error: `operation must be one of ${USAGE_OPERATIONS.join(', ')}`
		})
		.optional(),
	status: z
		.enum(USAGE_STATUSES, { error: `status must be one of ${USAGE_STATUSES.join(', ')}` })
		.optional()
};

type UsageFilterFields = { userId?: string; all?: boolean; from?: string; to?: string };

/** userId and all exclude each other; a range must not run backwards. */
function checkUsageFilters(value: UsageFilterFields, ctx: z.RefinementCtx) {
	if (value.userId && value.all)
		ctx.addIssue({ code: 'custom', path: ['all'], message: 'Pass either userId or all, not both' });
	if (value.from && value.to && value.from > value.to)
		ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
}

export const usageListInput = z
	.object({
		...usageFilterFields,
		/** `nextCursor` of the previous page: rows older than it. */
		cursor: z
			.string({ error: 'cursor must be the nextCursor of a previous page' })
			.regex(/^[0-9]{1,20}\.[1-9][0-9]{0,18}$/, {
				error: 'cursor must be the nextCursor of a previous page'
			})
			.optional()
	})
	.superRefine(checkUsageFilters)
	.default({});
export type UsageListInput = z.input<typeof usageListInput>;
export type UsageListQuery = z.output<typeof usageListInput>;

export const usageRowSchema = recordedUsageSchema.extend({
	id: z.string(),
	userId: z.string(),
	modelId: z.string(),
	baseModelId: z.string().nullable(),
	inferenceProfileId: z.string().nullable(),
	region: z.string(),
	operation: z.enum(USAGE_OPERATIONS),
	status: z.enum(USAGE_STATUSES),
	awsError: z.string().nullable(),
	awsRequestId: z.string().nullable(),
	priceVersion: z.string().nullable(),
	createdAt: z.string()
});
export type UsageRow = z.infer<typeof usageRowSchema>;

export const usageListOutput = z.object({
	rows: z.array(usageRowSchema),
	nextCursor: z.string().nullable()
});
export type UsageListOutput = z.infer<typeof usageListOutput>;

export const USAGE_GROUP_BY = ['day', 'model', 'user', 'operation'] as const;
export type UsageGroupBy = (typeof USAGE_GROUP_BY)[number];

export const usageSummaryInput = z
	.object({
		...usageFilterFields,
		groupBy: z.enum(USAGE_GROUP_BY, {
			error: `groupBy must be one of ${USAGE_GROUP_BY.join(', ')}`
		})
	})
	.superRefine(checkUsageFilters);
export type UsageSummaryInput = z.input<typeof usageSummaryInput>;
export type UsageSummaryQuery = z.output<typeof usageSummaryInput>;

/**
 * Calls, errors, tokens and cost of a set of ledger rows. `costUsd` adds up the known costs
 * only; calls whose cost is unknown (no price, or tokens never reported) are counted in
 * `unknownCostCalls`, never added as 0. Token sums likewise skip unknown counts.
 */
export const usageFiguresSchema = z.object({
	calls: z.number().int(),
	errors: z.number().int(),
	aborted: z.number().int(),
	inputTokens: z.number().int(),
	outputTokens: z.number().int(),
	cacheReadTokens: z.number().int(),
	cacheWriteTokens: z.number().int(),
	costUsd: z.number(),
	unknownCostCalls: z.number().int()
});
export type UsageFigures = z.infer<typeof usageFiguresSchema>;

export const usageSummaryOutput = z.object({
	groupBy: z.enum(USAGE_GROUP_BY),
	totals: usageFiguresSchema,
	/** One per day (`YYYY-MM-DD`, UTC), model (base model when known), user id or operation. */
	groups: z.array(usageFiguresSchema.extend({ key: z.string() }))
});
export type UsageSummaryOutput = z.infer<typeof usageSummaryOutput>;

/** The most rows one export holds; beyond it, narrow the range. */
export const USAGE_EXPORT_MAX_ROWS = 10_000;

export const usageExportInput = z
	.object(usageFilterFields)
	.superRefine(checkUsageFilters)
	.default({});
export type UsageExportInput = z.input<typeof usageExportInput>;
export type UsageExportQuery = z.output<typeof usageExportInput>;

export const usageExportOutput = z.object({
	filename: z.string(),
	/** RFC 4180 CSV; cells quoted and formula-safe; unknown values are empty cells. */
	csv: z.string(),
	rows: z.number().int(),
	/** More rows matched than one export holds (USAGE_EXPORT_MAX_ROWS). */
	truncated: z.boolean()
});
export type UsageExportOutput = z.infer<typeof usageExportOutput>;
