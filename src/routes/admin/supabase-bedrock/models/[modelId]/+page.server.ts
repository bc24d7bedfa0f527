import { error } from '@sveltejs/kit';
import { getModelInput } from '$lib/schemas/models';
import { requireAdmin } from '$lib/server/auth/guards';
import { appErrorDetails, throwAsPageError, toTRPCError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	const modelId = event.params.modelId;
	const parsed = getModelInput.safeParse({ modelId });
	if (!parsed.success) {
		error(404, {
			message: `"${modelId}" is not a model id. ${parsed.error.issues[0]?.message ?? ''}`.trim(),
			code: 'NOT_FOUND'
		});
	}

	const api = await createServerCaller(event);
	try {
		return await api.models.get(parsed.data);
	} catch (err) {
		const failure = toTRPCError(err);
		if (failure.code !== 'NOT_FOUND') throwAsPageError(err);
		const { hint } = appErrorDetails(failure.cause);
		error(404, {
			message: `There is no model "${parsed.data.modelId}" in your catalog. ${hint ?? ''}`.trim(),
			code: 'NOT_FOUND'
		});
	}
};
