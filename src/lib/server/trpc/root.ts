/**
 * The API: one line per domain router. `AppRouter` is the type TypeScript clients import.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { createContext } from './context';
import { createCallerFactory, router } from './init';
import { meRouter } from './routers/me';
import { credentialsRouter } from './routers/credentials';
import { connectionRouter } from './routers/connection';
import { modelsRouter } from './routers/models';
import { invokeRouter } from './routers/invoke';
import { auditRouter } from './routers/audit';
import { usageRouter } from './routers/usage';
import { budgetsRouter } from './routers/budgets';
import { provisionedRouter } from './routers/provisioned';
import { profilesRouter } from './routers/profiles';

export const appRouter = router({
	me: meRouter,
	credentials: credentialsRouter,
	connection: connectionRouter,
	models: modelsRouter,
	invoke: invokeRouter,
	audit: auditRouter,
	usage: usageRouter,
	budgets: budgetsRouter,
	provisioned: provisionedRouter,
	profiles: profilesRouter
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

/**
 * For `load` functions and form actions: call procedures in-process as the requesting
 * user (same auth, same errors as over HTTP). Wrap failures with `throwAsPageError`.
 */
export async function createServerCaller(event: RequestEvent) {
	return createCaller(await createContext(event), {
		onError: ({ error, path }) => {
			if (getHTTPStatusCodeFromError(error) >= 500) {
				console.error(`[trpc caller] ${path ?? '?'}: ${error.cause?.name ?? error.name}`);
			}
		}
	});
}
