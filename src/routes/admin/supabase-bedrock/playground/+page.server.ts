import { requireAdmin } from '$lib/server/auth/guards';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import { chatModelChoices } from '$lib/features/playground/model-choices';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	const api = await createServerCaller(event);
	const catalog = await api.models.list({}).catch(throwAsPageError);
	return {
		region: catalog.region,
		choices: catalog.usingFallback ? [] : chatModelChoices(catalog.models),
		unavailable: catalog.usingFallback
			? (catalog.reason ?? 'The model catalog could not be read with the saved credentials.')
			: null
	};
};
