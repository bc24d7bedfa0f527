import type { RequestEvent } from '@sveltejs/kit';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';

/** Own credentials (masked view only: the secret and session token never reach a page). */
export async function loadCredentialsPage(event: RequestEvent) {
	const api = await createServerCaller(event);
	const [credentials, lastTest] = await Promise.all([
		api.credentials.get(),
		api.connection.last()
	]).catch(throwAsPageError);
	return { credentials, lastTest };
}
export type CredentialsPageData = Awaited<ReturnType<typeof loadCredentialsPage>>;
