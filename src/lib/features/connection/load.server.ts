import type { RequestEvent } from '@sveltejs/kit';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';

export async function loadConnectionPage(event: RequestEvent) {
	const api = await createServerCaller(event);
	const [credentials, lastTest] = await Promise.all([
		api.credentials.get(),
		api.connection.last()
	]).catch(throwAsPageError);
	return { credentials, lastTest };
}
export type ConnectionPageData = Awaited<ReturnType<typeof loadConnectionPage>>;
