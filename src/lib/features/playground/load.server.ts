import type { RequestEvent } from '@sveltejs/kit';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import { PRICE_DATA_VERSION } from '$lib/server/usage/pricing';
import { pricePerMillion } from '$lib/server/usage/model-facts';
import { maxTokensCap } from '$lib/server/limits/max-tokens';
import { knownOutputTokenLimit } from '$lib/server/limits/model-output-limits';
import { chatModelChoices, nativeModelChoices } from './model-choices';

/**
 * The playground's models in the caller's Region, each with the price the ledger will charge
 * for it (null: unknown), so the page can say what a call costs before it is made, and the
 * most output tokens the API will accept for it (the model's own limit where known).
 */
export async function loadPlaygroundPage(event: RequestEvent) {
	const api = await createServerCaller(event);
	const [catalog, budget] = await Promise.all([api.models.list({}), api.budgets.get()]).catch(
		throwAsPageError
	);
	return {
		/** The caller's monthly budget: the page shows what is left before each call. */
		budget,
		region: catalog.region,
		choices: catalog.usingFallback
			? []
			: chatModelChoices(catalog.models).map((choice) => ({
					...choice,
					price: pricePerMillion(choice.id),
					maxTokens: maxTokensCap(choice.id),
					maxTokensIsModelLimit: knownOutputTokenLimit(choice.id) !== undefined
				})),
		nativeChoices: catalog.usingFallback
			? []
			: nativeModelChoices(catalog.models).map((choice) => ({
					...choice,
					price: pricePerMillion(choice.id)
				})),
		priceVersion: PRICE_DATA_VERSION,
		unavailable: catalog.usingFallback
			? (catalog.reason ?? 'The model catalog could not be read with the saved credentials.')
			: null
	};
}
export type PlaygroundPageData = Awaited<ReturnType<typeof loadPlaygroundPage>>;
