import { error, type RequestEvent } from '@sveltejs/kit';
import { getModelInput } from '$lib/schemas/models';
import { appErrorDetails, throwAsPageError, toTRPCError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import { modelFacts } from '$lib/server/usage/model-facts';
import { chatModelChoices } from '../playground/model-choices';

/** One model's details, price and token limits; AWS's "no such model" becomes a 404 in catalog terms. */
export async function loadModelPage(event: RequestEvent, modelId: string) {
	const parsed = getModelInput.safeParse({ modelId });
	if (!parsed.success) {
		error(404, {
			message: `"${modelId}" is not a model id. ${parsed.error.issues[0]?.message ?? ''}`.trim(),
			code: 'NOT_FOUND'
		});
	}

	const api = await createServerCaller(event);
	try {
		const [found, application] = await Promise.all([
			api.models.get(parsed.data),
			// The account's application profiles for this model, beside the system ones; a
			// refusal (no permission to list them) leaves them out with the reason.
			api.profiles
				.list({ type: 'APPLICATION', modelId: parsed.data.modelId })
				.then((r) => ({ profiles: r.profiles, error: null }))
				.catch((err: unknown) => ({
					profiles: [],
					error: toTRPCError(err).message
				}))
		]);
		return {
			...found,
			applicationProfiles: application.profiles,
			applicationProfilesError: found.usingFallback ? null : application.error,
			facts: modelFacts(found.model.modelId),
			// What the playground calls for it (its profile when it has no on-demand offer);
			// null for models the playground does not chat with (embeddings, images).
			playgroundModelId: chatModelChoices([found.model])[0]?.id ?? null
		};
	} catch (err) {
		const failure = toTRPCError(err);
		if (failure.code !== 'NOT_FOUND') throwAsPageError(err);
		// AWS said "no such model": say it in catalog terms. Otherwise (e.g. no credentials saved
		// and not a sample model) the API's own message and hint already explain what to do.
		const { awsError, hint } = appErrorDetails(failure.cause);
		const message = awsError
			? `There is no model "${parsed.data.modelId}" in your catalog. Models differ per AWS Region: search the catalog for the one you want.`
			: `${failure.message} ${hint ?? ''}`.trim();
		error(404, { message, code: 'NOT_FOUND' });
	}
}
export type ModelPageData = Awaited<ReturnType<typeof loadModelPage>>;
