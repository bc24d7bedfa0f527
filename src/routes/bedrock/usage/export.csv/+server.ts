import { requireUser } from '$lib/server/auth/guards';
import { usageCsvResponse } from '$lib/features/usage/export.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	requireUser(event.locals);
	return usageCsvResponse(event, false);
};
