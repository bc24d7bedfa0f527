import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// Unknown paths inside the area: a 404 rendered by the area's +error.svelte, so the
// navigation stays (SvelteKit renders unmatched routes with the root layout only).
export const load: PageServerLoad = ({ url }) => {
	error(404, { message: `There is no page at ${url.pathname}.`, code: 'NOT_FOUND' });
};
