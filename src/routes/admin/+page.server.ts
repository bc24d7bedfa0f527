import { redirect } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/auth/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireAdmin(locals);
	redirect(307, '/admin/supabase-bedrock');
};
