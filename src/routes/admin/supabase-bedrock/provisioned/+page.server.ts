import { requireAdmin } from '$lib/server/auth/guards';
import { createServerCaller } from '$lib/server/trpc/root';
import { describeFailure } from './load-failure';
import type { PageServerLoad } from './$types';

/**
 * The admin's provisioned throughputs and the models their Region sells them for. A failure
 * (no credentials, a missing permission) is shown on the page with its hint, not as an error
 * page: the create dialog's explanation is useful before anything can be listed.
 */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event.locals);
	const api = await createServerCaller(event);
	const [listed, catalog] = await Promise.allSettled([
		api.provisioned.list(),
		api.models.list({ inferenceType: 'PROVISIONED', useFallbackOnError: false })
	]);
	return {
		initial: listed.status === 'fulfilled' ? listed.value : null,
		loadError: listed.status === 'rejected' ? describeFailure(listed.reason) : null,
		provisionable:
			catalog.status === 'fulfilled' && !catalog.value.usingFallback
				? catalog.value.models.map((m) => ({
						id: m.modelId,
						label: `${m.providerName} · ${m.modelName} (${m.modelId})`
					}))
				: []
	};
};
