/**
 * Inference profiles (profiles.*): the system-defined cross-Region ones and the account's
 * application profiles, which are tagged copies of a model's or a system profile's routes whose
 * ARN, used as the model id, makes the tags show up in AWS's own cost reports. Isomorphic.
 */
import { z } from 'zod';
import { inferenceProfileRefSchema } from './models';
import { tagsSchema, tagSchema } from './provisioned';

export const profileSchema = inferenceProfileRefSchema.extend({
	arn: z.string(),
	/** The base model the profile runs (all its routes name one model). */
	baseModelId: z.string().nullable(),
	/** Application profiles: their tags; null when they could not be read (see tagsError). */
	tags: z.array(tagSchema).nullable(),
	tagsError: z.string().optional(),
	createdAt: z.string().nullable()
});
export type Profile = z.infer<typeof profileSchema>;

export const listProfilesInput = z
	.object({
		type: z
			.enum(['SYSTEM_DEFINED', 'APPLICATION'], {
				error: 'type must be SYSTEM_DEFINED or APPLICATION'
			})
			.optional(),
		/** Only the profiles whose routes name this base model. */
		modelId: z.string().trim().min(1).max(2048).optional()
	})
	.default({});

export const listProfilesOutput = z.object({
	profiles: z.array(profileSchema),
	region: z.string()
});
export type ListProfilesOutput = z.infer<typeof listProfilesOutput>;

/** A foundation-model or system inference-profile ARN, as AWS's `modelSource.copyFrom` takes. */
export const copyFromSchema = z
	.string({ error: 'Choose a model or system profile ARN to copy from' })
	.trim()
	.regex(
		/^arn:aws(-[^:]+)?:bedrock:[0-9a-z-]{0,20}:([0-9]{12})?:(inference-profile|foundation-model)\/[a-zA-Z0-9:._-]+$/,
		{
			error:
				'copyFrom is a foundation-model ARN or a system inference-profile ARN (arn:aws:bedrock:<region>:<account>:inference-profile/us.…)'
		}
	);

export const createProfileInput = z.object({
	name: z
		.string({ error: 'Enter a name' })
		.trim()
		.min(1, { error: 'Enter a name' })
		.max(64, { error: 'A name is at most 64 characters' })
		.regex(/^([0-9a-zA-Z:.][ _-]?)+$/, {
			error: 'A name uses letters, digits, : and ., each optionally followed by one space, _ or -'
		}),
	description: z
		.string({ error: 'description must be text' })
		.trim()
		.max(200, { error: 'A description is at most 200 characters' })
		.optional(),
	copyFrom: copyFromSchema,
	tags: tagsSchema,
	clientRequestToken: z
		.string()
		.regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, {
			error: 'clientRequestToken uses letters, digits and single hyphens'
		})
		.max(256)
		.optional()
});
export type CreateProfileInput = z.infer<typeof createProfileInput>;

export const profileArnInput = z.object({
	arn: z
		.string({ error: 'Enter the application inference profile ARN' })
		.trim()
		.regex(
			/^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:application-inference-profile\/[a-z0-9]{12}$/,
			{
				error:
					'arn must be an application inference profile ARN (…:application-inference-profile/<id>); system profiles cannot be deleted'
			}
		)
});

export const deleteProfileOutput = z.object({ deleted: z.literal(true), arn: z.string() });
