import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => ({
	viewer: locals.user ? { email: locals.user.email, isAdmin: locals.isAdmin } : null
});
