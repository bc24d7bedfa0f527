import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		// 'local': end this browser's session only, not the user's other devices.
		const { error } = await locals.supabase.auth.signOut({ scope: 'local' });
		if (error) {
			// The auth server could not be told (e.g. it is down). Still forget the session
			// here, so the browser is signed out either way.
			for (const { name } of cookies.getAll()) {
				if (/^sb-.+-auth-token(\.\d+)?$/.test(name)) cookies.delete(name, { path: '/' });
			}
		}
		redirect(303, '/login');
	}
};
