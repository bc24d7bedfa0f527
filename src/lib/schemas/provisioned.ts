/**
 * Provisioned Throughput (provisioned.*): what the dashboard lists, creates, updates and deletes
 * in the caller's own AWS account and Region. Isomorphic: the create dialog validates with the
 * same schema the server parses.
 *
 * Money: a provisioned throughput bills by the hour from creation to deletion, and one with a
 * commitment (one or six months) cannot be deleted before the term ends.
 */
import { z } from 'zod';
import { modelIdSchema } from './models';

export const PROVISIONED_STATUSES = ['Creating', 'InService', 'Updating', 'Failed'] as const;
export const COMMITMENTS = ['none', 'OneMonth', 'SixMonths'] as const;
export type Commitment = (typeof COMMITMENTS)[number];

/** AWS's ARN pattern for a provisioned model (its id is 12 lowercase letters and digits). */
export const provisionedArnSchema = z
	.string({ error: 'Enter the provisioned model ARN' })
	.trim()
	.regex(/^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:provisioned-model\/[a-z0-9]{12}$/, {
		error:
			'arn must be a provisioned model ARN (arn:aws:bedrock:<region>:<account>:provisioned-model/<id>)'
	});

export const provisionedNameSchema = z
	.string({ error: 'Enter a name' })
	.trim()
	.min(1, { error: 'Enter a name' })
	.max(63, { error: 'A name is at most 63 characters' })
	.regex(/^([0-9a-zA-Z][_-]?)+$/, {
		error:
			'A name uses letters and digits, each optionally followed by one _ or - (e.g. search-haiku)'
	});

export const tagSchema = z.object({
	key: z
		.string({ error: 'A tag key is text' })
		.trim()
		.min(1, { error: 'A tag needs a key' })
		.max(128, { error: 'A tag key is at most 128 characters' }),
	value: z.string({ error: 'A tag value is text' }).max(256, {
		error: 'A tag value is at most 256 characters'
	})
});
export type Tag = z.infer<typeof tagSchema>;

export const tagsSchema = z
	.array(tagSchema, { error: 'tags must be a list of { key, value }' })
	.max(200, { error: 'At most 200 tags' })
	.refine((tags) => new Set(tags.map((t) => t.key)).size === tags.length, {
		error: 'Each tag key may appear once'
	});

export const provisionedThroughputSchema = z.object({
	name: z.string(),
	arn: z.string(),
	status: z.string(),
	/** AWS's reason when status is Failed. */
	failureMessage: z.string().nullable(),
	/** The base model id (from its foundation-model ARN); the model it serves. */
	modelId: z.string(),
	modelArn: z.string(),
	/** While Updating: the model it is changing to. */
	desiredModelId: z.string().nullable(),
	modelUnits: z.number().int(),
	desiredModelUnits: z.number().int(),
	commitment: z.enum(COMMITMENTS),
	/** ISO time the commitment ends (deletion is refused before it), null without one. */
	commitmentExpiresAt: z.string().nullable(),
	createdAt: z.string(),
	updatedAt: z.string()
});
export type ProvisionedThroughput = z.infer<typeof provisionedThroughputSchema>;

export const listProvisionedOutput = z.object({
	items: z.array(provisionedThroughputSchema),
	region: z.string()
});
export type ListProvisionedOutput = z.infer<typeof listProvisionedOutput>;

export const provisionedArnInput = z.object({ arn: provisionedArnSchema });

export const createProvisionedInput = z.object({
	name: provisionedNameSchema,
	modelId: modelIdSchema,
	modelUnits: z
		.number({ error: 'modelUnits must be a number' })
		.int({ error: 'modelUnits must be a whole number' })
		.min(1, { error: 'modelUnits must be at least 1' })
		.max(1000, { error: 'modelUnits is at most 1000' }),
	commitment: z.enum(COMMITMENTS, {
		error: `commitment must be one of ${COMMITMENTS.join(', ')}`
	}),
	tags: tagsSchema.optional(),
	/**
	 * The same token on a retried submit makes AWS answer the first throughput instead of
	 * creating a second (the dialog makes one per opening). Omitted: the server makes one.
	 */
	clientRequestToken: z
		.string({ error: 'clientRequestToken must be text' })
		.regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, {
			error: 'clientRequestToken uses letters, digits and single hyphens'
		})
		.min(1)
		.max(256, { error: 'clientRequestToken is at most 256 characters' })
		.optional()
});
export type CreateProvisionedInput = z.infer<typeof createProvisionedInput>;

export const updateProvisionedInput = z
	.object({
		arn: provisionedArnSchema,
		name: provisionedNameSchema.optional(),
		modelId: modelIdSchema.optional()
	})
	.refine((v) => v.name !== undefined || v.modelId !== undefined, {
		error: 'Give a new name or a new model id',
		path: ['name']
	});
export type UpdateProvisionedInput = z.infer<typeof updateProvisionedInput>;

export const deleteProvisionedOutput = z.object({ deleted: z.literal(true), arn: z.string() });

/** Only these statuses move on their own; the page polls while any row has one. */
export const isSettling = (status: string) => status === 'Creating' || status === 'Updating';
