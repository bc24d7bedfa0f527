import type { RequestEvent } from '@sveltejs/kit';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import { PRICE_DATA_VERSION } from '$lib/server/usage/pricing';
import { pricePerMillion } from '$lib/server/usage/model-facts';
import { maxTokensCap } from '$lib/server/limits/max-tokens';
import { knownOutputTokenLimit } from '$lib/server/limits/model-output-limits';
import { chatModelChoices, nativeModelChoices } from './model-choices';
import { applicationProfileChoices, provisionedChoices, type ArnChoice } from './arn-choices';

/**
 * Application profiles (everyone) and provisioned throughputs (admins) of the caller's
 * account: optional extras, so a refusal (no permission to list them) just leaves them out.
 */
async function arnChoices(
	api: Awaited<ReturnType<typeof createServerCaller>>,
	withProvisioned: boolean
): Promise<ArnChoice[]> {
	const [profiles, provisioned] = await Promise.allSettled([
		api.profiles.list({ type: 'APPLICATION' }),
		withProvisioned ? api.provisioned.list() : Promise.resolve({ items: [], region: '' })
	]);
	return [
		...(profiles.status === 'fulfilled' ? applicationProfileChoices(profiles.value.profiles) : []),
		...(provisioned.status === 'fulfilled' ? provisionedChoices(provisioned.value.items) : [])
	];
}

/**
 * The playground's models in the caller's Region, each with the price the ledger will charge
 * for it (null: unknown), so the page can say what a call costs before it is made, and the
 * most output tokens the API will accept for it (the model's own limit where known).
 */
export async function loadPlaygroundPage(
	event: RequestEvent,
	options: { withProvisioned?: boolean } = {}
) {
	const api = await createServerCaller(event);
	const [catalog, budget] = await Promise.all([api.models.list({}), api.budgets.get()]).catch(
		throwAsPageError
	);
	const viaArn = catalog.usingFallback
		? []
		: await arnChoices(api, options.withProvisioned ?? false);
	return {
		/** The caller's monthly budget: the page shows what is left before each call. */
		budget,
		region: catalog.region,
		choices: catalog.usingFallback
			? []
			: [
					...chatModelChoices(catalog.models).map((choice) => ({
						...choice,
						price: pricePerMillion(choice.id),
						billedHourly: false,
						maxTokens: maxTokensCap(choice.id),
						maxTokensIsModelLimit: knownOutputTokenLimit(choice.id) !== undefined
					})),
					// Priced and bounded as the model they run (a provisioned one: no token price).
					...viaArn.map(({ baseModelId, billedHourly, ...choice }) => ({
						...choice,
						price: baseModelId && !billedHourly ? pricePerMillion(baseModelId) : null,
						billedHourly,
						maxTokens: maxTokensCap(baseModelId ?? choice.id),
						maxTokensIsModelLimit:
							baseModelId !== null && knownOutputTokenLimit(baseModelId) !== undefined
					}))
				],
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
